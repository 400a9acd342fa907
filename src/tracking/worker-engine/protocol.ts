// Messages between WorkerGazeSource (main thread) and engine.worker.ts. Only numbers cross: no
// frame, eye patch or image ever leaves the worker.
import type { FaceBox } from '../webgazer-face-check.ts';
import type { ViewingGeometry } from './face-geometry.ts';
import type { CalibrationSet, GazeModelOptions } from './gaze-model.ts';

export interface EngineOptions {
  model: GazeModelOptions;
  /** Iris landmarks (MediaPipe's attention mesh, 478 points); needed by model.features.iris. */
  refineLandmarks: boolean;
  /**
   * Measurement only (benches): further models trained on the same calibration samples and fed
   * the same frames; their predictions travel with each sample. None in the app.
   */
  variants?: { name: string; model: GazeModelOptions }[];
}

export type ToWorker =
  | {
      type: 'init';
      /** Absolute URL of the folder with face_mesh.js and its wasm/data (the app's own origin). */
      modelBase: string;
      /** Main thread's performance.timeOrigin, to stamp samples on its clock. */
      timeOrigin: number;
      options: EngineOptions;
    }
  /** A stream of VideoFrames (MediaStreamTrackProcessor.readable, transferred). */
  | { type: 'frames'; readable: ReadableStream<VideoFrame> }
  /** One frame from the fallback pump; `t` is its capture time on the main thread's clock. */
  | { type: 'frame'; bitmap: ImageBitmap; t: number }
  /** A calibration sample at viewport px; `click`: an implicit one (a click), for models that train on clicks. */
  | { type: 'calibrate'; x: number; y: number; click?: boolean }
  | { type: 'clear-calibration' }
  /** The measured screen for the head-pose compensation (null: back to the assumed 96 px per inch at 60 cm). */
  | { type: 'viewing'; viewing: ViewingGeometry | null }
  /** To the running engine: send a copy of every model's calibration through `port` (it keeps running). */
  | { type: 'handover'; port: MessagePort }
  /** To a fresh engine: take the calibration that arrives on `port`, then answer 'calibration'. */
  | { type: 'takeover'; port: MessagePort }
  | { type: 'stop' };

/** What 'handover' sends from one worker to the next: the app's model first, then the variants. Never through the page. */
export interface HandoverMessage {
  models: (CalibrationSet | null)[];
}

export interface EngineSample {
  /** Capture time of the frame, main-thread performance.now() ms. */
  t: number;
  x: number | null;
  y: number | null;
  lost?: 'no-face' | 'not-calibrated';
  /** Face landmarks' bounding box as fractions of the frame (the camera-setup feedback). */
  face: FaceBox | null;
  /** Face-mesh time for this frame in the worker, ms. */
  inferMs: number;
  /** One prediction per EngineOptions.variants entry (null: none for this frame). */
  variants?: ({ x: number; y: number } | null)[];
  /** With variants only: the frame's head pose (face-geometry.ts headPoseVector), to check it against a known pose. */
  pose?: number[];
}

export type FromWorker =
  | { type: 'ready'; initMs: number; version: string }
  | { type: 'sample'; sample: EngineSample }
  | { type: 'calibration'; accepted: boolean; samples: number }
  /** The screen the app's model now compensates head movement for (null: it has no head-pose compensation). */
  | { type: 'viewing'; applied: ViewingGeometry | null }
  | { type: 'failed'; message: string };
