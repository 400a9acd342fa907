import type { GazePrediction, WebGazer } from 'webgazer';
import { GazeEmitter, type GazeListener, type GazeSource, type GazeStatus } from './gaze-source.ts';
import { classifyStartError } from './webgazer-errors.ts';
import { checkFace, faceBox, type FaceCheck } from './webgazer-face-check.ts';
import { clearWebGazerStorage } from './webgazer-storage.ts';

export type WebGazerRegression = 'ridge' | 'weightedRidge';

export interface WebGazerSourceOptions {
  /** threadedRidge is not offered: it starts its worker from a URL relative to the page, which a bundler breaks. */
  regression?: WebGazerRegression;
}

/** Methods the calibration UI needs beyond GazeSource. */
export interface CalibratableGazeSource extends GazeSource {
  /** Trains the model with the current eye image looking at (x, y) viewport px; false when no face is in view. */
  addCalibrationSample(x: number, y: number): boolean;
  clearCalibration(): void;
  calibrationSampleCount(): number;
  /** Stops clicks and mouse moves from training the model (call after calibration). */
  stopTrainingOnInteraction(): void;
  showPreview(container: HTMLElement): void;
  hidePreview(): void;
  faceCheck(): FaceCheck;
}

export function isCalibratable(source: GazeSource): source is CalibratableGazeSource {
  return 'addCalibrationSample' in source && typeof (source as Partial<CalibratableGazeSource>).addCalibrationSample === 'function';
}

/** A face counts as visible when the tracker found one this recently. */
const FACE_FRESH_MS = 500;

// WebGazer is one global per page: a second begin() without end() kills tracking for good
// (its face mesh aborts, measured in headless Chromium), so its lifecycle lives here, shared by every WebGazerSource instance,
// and start/stop calls are queued so StrictMode's mount-unmount-mount cannot interleave them.
const emitter = new GazeEmitter();
let wg: WebGazer | null = null;
let status: GazeStatus = { state: 'idle' };
let queue: Promise<void> = Promise.resolve();
let wanted: 'running' | 'stopped' = 'stopped';
let stream: MediaStream | null = null;
let calibrationSamples = 0;
let lastPositions: number[][] | null = null;
let lastFaceAt = -Infinity;
/** Calls of the gaze listener (one per WebGazer loop iteration), to tell when the loop is idle. */
let loopCalls = 0;
let faceModelSince = 0;
/**
 * The video container while it is shown in a preview. React removes the preview (and so the
 * container) from the document before the hidePreview cleanup runs, where getElementById no
 * longer finds it: a detached <video> stops updating its frame, and WebGazer would go on
 * tracking one frozen picture (found by the synthetic participant, e2e/synthetic).
 */
let previewBox: HTMLElement | null = null;

/**
 * MediaPipe's face mesh (WebGazer's tracker) grows with every frame it processes: its emscripten
 * GL object tables (textures, framebuffers, syncs; JS arrays, ~0.15 MB/min) and its wasm heap
 * (~7 MB/min in headless Chromium), as the soak's heap snapshots show; WebGazer #171 reports tabs
 * crashing after ~20 min. A fresh detector releases both; the calibration (WebGazer's ridge
 * regression) is untouched. Done between screens, at most this often.
 */
const FACE_MODEL_REFRESH_MS = 4 * 60_000;

interface FaceMeshTracker {
  detector: { dispose(): void } | null;
  init(): Promise<unknown>;
}

function faceVisibleNow(): boolean {
  return performance.now() - lastFaceAt < FACE_FRESH_MS;
}

function onGaze(data: GazePrediction | null): void {
  const t = performance.now();
  loopCalls++;
  // getPositions() keeps the last face after the face is lost; a new array means a new detection.
  const positions = wg?.getTracker().getPositions() ?? null;
  if (positions && positions !== lastPositions) lastFaceAt = t;
  lastPositions = positions;
  if (status.state === 'running') {
    const faceVisible = faceVisibleNow();
    if (status.faceVisible !== faceVisible || status.calibrated !== calibrationSamples > 0)
      status = { state: 'running', faceVisible, calibrated: calibrationSamples > 0 };
  }
  if (data && typeof data.x === 'number' && typeof data.y === 'number' && Number.isFinite(data.x) && Number.isFinite(data.y)) {
    emitter.emit({ t, x: data.x, y: data.y, source: 'webgazer' });
  } else {
    emitter.emit({ t, x: null, y: null, source: 'webgazer', lost: lastFaceAt === t ? 'not-calibrated' : 'no-face' });
  }
}

function videoElement(): HTMLVideoElement | null {
  const el = document.getElementById('webgazerVideoFeed');
  return el instanceof HTMLVideoElement ? el : null;
}

function stopCamera(instance: WebGazer): void {
  try {
    instance.stopVideo();
  } catch {
    // stopVideo throws when begin() failed before the overlay canvases existed.
  }
  // stopVideo only stops the first track; make sure the camera light goes off.
  for (const track of stream?.getTracks() ?? []) if (track.readyState !== 'ended') track.stop();
}

async function doStart(regression: WebGazerRegression): Promise<void> {
  if (wanted === 'stopped' || status.state === 'running') return;
  status = { state: 'starting' };
  try {
    await clearWebGazerStorage();
    // User Timing entries let benches and tests read load and begin() times without an API.
    const importStart = performance.now();
    const instance = wg ?? (await import('webgazer')).default;
    performance.measure('webgazer:import', { start: importStart });
    wg = instance;
    instance.params.faceMeshSolutionPath = `${import.meta.env.BASE_URL}mediapipe/face_mesh`;
    instance.saveDataAcrossSessions(false);
    instance.showPredictionPoints(false);
    instance.applyKalmanFilter(true);
    instance.setRegression(regression);
    instance.showVideoPreview(false);
    instance.setGazeListener(onGaze);
    let started = false;
    try {
      const beginStart = performance.now();
      await instance.begin();
      performance.measure('webgazer:begin', { start: beginStart });
      started = true;
    } finally {
      const video = videoElement();
      stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
      if (!started) {
        instance.clearGazeListener();
        instance.removeMouseEventListeners();
        if (stream) {
          // Model failure leaves the camera live and the DOM in place.
          stopCamera(instance);
          try {
            instance.end();
          } catch {
            // end() throws when the container was never created.
          }
        }
        stream = null;
      }
    }
    // Calibration trains through addCalibrationSample only: clicks and cursor moves would train
    // on wherever the cursor is, not where the eyes look (WebGazer #104).
    instance.removeMouseEventListeners();
    calibrationSamples = 0;
    faceModelSince = performance.now();
    for (const reg of instance.getRegression()) reg.init();
    status = { state: 'running', faceVisible: faceVisibleNow(), calibrated: false };
  } catch (error) {
    const failure = classifyStartError(error);
    status = { state: 'failed', reason: failure.reason, message: failure.message };
    wanted = 'stopped';
  }
}

/** Resolves once WebGazer's (paused) loop has finished its last iteration. */
async function loopIdle(): Promise<void> {
  for (let waited = 0; waited < 3000; waited += 150) {
    const before = loopCalls;
    await new Promise((r) => setTimeout(r, 150));
    if (loopCalls === before) return;
  }
}

async function doRefreshFaceModel(): Promise<void> {
  const instance = wg;
  if (!instance || status.state !== 'running' || wanted !== 'running' || performance.now() - faceModelSince < FACE_MODEL_REFRESH_MS) return;
  const tracker = instance.getTracker() as unknown as FaceMeshTracker;
  if (!tracker.detector) return;
  instance.pause();
  // An iteration in flight must not meet a closed detector (the loop would stop for good).
  await loopIdle();
  const old = tracker.detector;
  tracker.detector = null;
  try {
    old.dispose();
  } catch {
    // already closed
  }
  try {
    await tracker.init();
  } catch (error) {
    // Nothing left to track with (resuming would only make WebGazer's loop throw): reported like a
    // failed start, with the camera switched off as then.
    status = {
      state: 'failed',
      reason: 'model-failed',
      message: `The face model could not be restarted: ${error instanceof Error ? error.message : String(error)}`,
    };
    instance.clearGazeListener();
    stopCamera(instance);
    try {
      instance.end();
    } catch {
      // WebGazer's end() throws on partly torn-down state
    }
    return;
  }
  faceModelSince = performance.now();
  void instance.resume();
}

async function doStop(): Promise<void> {
  if (wanted === 'running') return;
  const instance = wg;
  // end() removes the container: a later hidePreview must not put it back.
  previewBox = null;
  if (instance && status.state === 'running') {
    instance.clearGazeListener();
    stopCamera(instance);
    try {
      instance.end();
    } catch {
      // Already removed.
    }
    instance.removeMouseEventListeners();
    if (stream?.getTracks().some((t) => t.readyState !== 'ended')) console.warn('WebGazer teardown: a camera track is still live');
  }
  calibrationSamples = 0;
  lastPositions = null;
  lastFaceAt = -Infinity;
  if (status.state !== 'failed') status = { state: 'stopped' };
  await clearWebGazerStorage();
}

export class WebGazerSource implements CalibratableGazeSource {
  readonly kind = 'webgazer' as const;
  private readonly regression: WebGazerRegression;

  constructor(options: WebGazerSourceOptions = {}) {
    this.regression = options.regression ?? 'ridge';
  }

  start(): Promise<void> {
    wanted = 'running';
    queue = queue.then(() => doStart(this.regression));
    return queue;
  }

  stop(): Promise<void> {
    wanted = 'stopped';
    queue = queue.then(doStop);
    return queue;
  }

  /** Between screens: replaces MediaPipe's face mesh when it has run for a while (see FACE_MODEL_REFRESH_MS). */
  maintain(): Promise<void> {
    queue = queue.then(doRefreshFaceModel);
    return queue;
  }

  subscribe(listener: GazeListener): () => void {
    return emitter.subscribe(listener);
  }

  status(): GazeStatus {
    if (status.state === 'running') return { state: 'running', faceVisible: faceVisibleNow(), calibrated: calibrationSamples > 0 };
    return status;
  }

  addCalibrationSample(x: number, y: number): boolean {
    if (!wg || status.state !== 'running' || !faceVisibleNow()) return false;
    wg.recordScreenPosition(x, y, 'click');
    calibrationSamples += 1;
    return true;
  }

  clearCalibration(): void {
    // Not wg.clearData(): that wipes the origin's whole localforage store.
    for (const reg of wg?.getRegression() ?? []) reg.init();
    calibrationSamples = 0;
  }

  calibrationSampleCount(): number {
    return calibrationSamples;
  }

  stopTrainingOnInteraction(): void {
    wg?.removeMouseEventListeners();
  }

  showPreview(container: HTMLElement): void {
    const box = document.getElementById('webgazerVideoContainer');
    if (!wg || !box) return;
    previewBox = box;
    container.appendChild(box);
    box.style.position = 'relative';
    // showVideoPreview(false) also cleared the three flags that showVideoPreview(true) ANDs with,
    // so turning it back on shows nothing: set each part explicitly.
    wg.params.showVideoPreview = true;
    wg.showVideo(true).showFaceOverlay(true).showFaceFeedbackBox(true);
  }

  hidePreview(): void {
    const box = previewBox ?? document.getElementById('webgazerVideoContainer');
    previewBox = null;
    if (!wg || !box) return;
    wg.showVideoPreview(false);
    box.style.position = 'fixed';
    document.body.appendChild(box);
  }

  faceCheck(): FaceCheck {
    const video = videoElement();
    if (!faceVisibleNow() || !lastPositions || !video) return { placement: 'no-face' };
    return checkFace(faceBox(lastPositions, video.videoWidth, video.videoHeight));
  }
}
