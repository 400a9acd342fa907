// WebGazer 3.5.3 ships no types. Only what this app calls is declared.
declare module 'webgazer' {
  export interface GazePrediction {
    /** Viewport CSS px, not clamped; null only with the broken threadedRidge worker. */
    x: number | null;
    y: number | null;
    eyeFeatures?: unknown;
    all?: Array<{ x: number; y: number } | null>;
  }
  export type GazeListener = (data: GazePrediction | null, elapsedTime: number) => void;
  export type RegressionName = 'ridge' | 'weightedRidge' | 'threadedRidge';

  export interface WebGazerTracker {
    /** 468 face landmarks [x, y, z] in video px from the last frame that had a face (stale after the face is lost). */
    getPositions(): number[][] | null;
    predictionReady: boolean;
  }
  export interface WebGazerRegression {
    init(): void;
    eyeFeaturesClicks: { length: number };
  }

  export interface WebGazer {
    params: {
      faceMeshSolutionPath: string;
      videoViewerWidth: number;
      videoViewerHeight: number;
      mirrorVideo: boolean;
      [key: string]: unknown;
    };
    begin(onFail?: () => void): Promise<WebGazer>;
    end(): WebGazer;
    pause(): WebGazer;
    resume(): Promise<WebGazer>;
    stopVideo(): WebGazer;
    isReady(): boolean;
    setGazeListener(listener: GazeListener): WebGazer;
    clearGazeListener(): WebGazer;
    setRegression(name: RegressionName): WebGazer;
    getRegression(): WebGazerRegression[];
    getTracker(): WebGazerTracker;
    showVideoPreview(show: boolean): WebGazer;
    showVideo(show: boolean): WebGazer;
    showFaceOverlay(show: boolean): WebGazer;
    showFaceFeedbackBox(show: boolean): WebGazer;
    showPredictionPoints(show: boolean): WebGazer;
    setVideoViewerSize(w: number, h: number): WebGazer;
    applyKalmanFilter(on: boolean): WebGazer;
    saveDataAcrossSessions(on: boolean): WebGazer;
    addMouseEventListeners(): WebGazer;
    removeMouseEventListeners(): WebGazer;
    recordScreenPosition(x: number, y: number, eventType?: 'click' | 'move'): WebGazer;
    clearData(): Promise<void>;
    getCurrentPrediction(regIndex?: number): Promise<GazePrediction | null>;
    setCameraConstraints(constraints: MediaStreamConstraints): Promise<void>;
    detectCompatibility(): boolean;
  }

  const webgazer: WebGazer;
  export default webgazer;
}
