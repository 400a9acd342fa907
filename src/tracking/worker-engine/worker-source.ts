// The worker gaze engine as a GazeSource: the main thread opens the camera, hands the frames to
// engine.worker.ts, and turns the numbers it sends back into samples. Each instance owns its
// worker and camera; nothing happens before start().
import { GazeEmitter, type GazeListener, type GazeStatus } from '../gaze-source.ts';
import { classifyStartError } from '../webgazer-errors.ts';
import { checkFace, type FaceBox, type FaceCheck } from '../webgazer-face-check.ts';
import type { CalibratableGazeSource } from '../webgazer-source.ts';
import { benchHook, keepBenchSample, type EngineBenchHook } from './bench-hook.ts';
import { viewingProblem, type ViewingGeometry } from './face-geometry.ts';
import { ENGINE_MODEL } from './gaze-model.ts';
import type { EngineOptions, EngineSample, FromWorker, ToWorker } from './protocol.ts';

/** Iris features need the refined mesh (478 points: +2 ms a frame). */
export const DEFAULT_ENGINE: EngineOptions = { model: ENGINE_MODEL, refineLandmarks: true };

export interface WorkerGazeSourceOptions {
  engine?: EngineOptions;
  /** Folder of face_mesh.js and its wasm/data; default: the app's `/mediapipe/face_mesh/`. */
  modelBase?: string;
  /** The face model must be loaded within this long. */
  startTimeoutMs?: number;
  /** maintain() replaces the engine's worker once it has run this long (default REFRESH_AFTER_MS). */
  refreshAfterMs?: number;
}

/**
 * MediaPipe's wasm heap in the worker grows while it runs (`npm run soak` with SOAK_GAZE=worker:
 * about 16 MB a minute) and a second face mesh cannot be made in the same worker (its emscripten
 * glue consumes the worker's global Module), so between screens, after this long, a fresh worker
 * takes over the calibration and the old one goes with its heap. As WebGazer's 4-minute refresh.
 */
export const REFRESH_AFTER_MS = 4 * 60_000;
/** The fresh worker must have taken the calibration over within this long, else the old one stays. */
const TAKEOVER_TIMEOUT_MS = 10_000;

/** A face counts as visible when the engine found one this recently. */
const FACE_FRESH_MS = 500;
const CAMERA: MediaStreamConstraints = { video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false };

type TrackProcessor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> };
type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?(cb: (now: number, meta: { captureTime?: number; expectedDisplayTime: number }) => void): number;
};

class ModelFailure extends Error {
  override name = 'ModelFailure';
}

export class WorkerGazeSource implements CalibratableGazeSource {
  readonly kind = 'worker' as const;
  private readonly emitter = new GazeEmitter();
  private readonly engine: EngineOptions;
  private readonly modelBase: string | undefined;
  private readonly startTimeoutMs: number;
  private readonly refreshAfterMs: number;
  /** When the running worker started (performance.now()). */
  private workerSince = 0;
  /** A fresh worker is taking over: calibration samples would fall between the two. */
  private refreshing = false;
  private state: GazeStatus = { state: 'idle' };
  private queue: Promise<void> = Promise.resolve();
  private wanted: 'running' | 'stopped' = 'stopped';
  private worker: Worker | null = null;
  private stream: MediaStream | null = null;
  private stopPump: (() => void) | null = null;
  private lastFaceAt = -Infinity;
  private lastFace: FaceBox | null = null;
  private calibrationSamples = 0;
  private preview: { video: HTMLVideoElement; canvas: HTMLCanvasElement } | null = null;
  private readonly bench: EngineBenchHook | null;
  private clicksHeard = false;
  /** The measured screen, sent to every worker this source starts. */
  private viewing: ViewingGeometry | null = null;
  /** What the worker confirmed it compensates with (undefined: no answer yet). */
  private applied: ViewingGeometry | null | undefined = undefined;

  constructor(options: WorkerGazeSourceOptions = {}) {
    this.bench = benchHook();
    this.engine = options.engine ?? this.bench?.engine ?? DEFAULT_ENGINE;
    this.modelBase = options.modelBase;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.refreshAfterMs = options.refreshAfterMs ?? this.bench?.refreshAfterMs ?? REFRESH_AFTER_MS;
  }

  start(): Promise<void> {
    this.wanted = 'running';
    this.queue = this.queue.then(() => this.doStart());
    return this.queue;
  }

  stop(): Promise<void> {
    this.wanted = 'stopped';
    this.queue = this.queue.then(() => this.doStop());
    return this.queue;
  }

  subscribe(listener: GazeListener): () => void {
    return this.emitter.subscribe(listener);
  }

  status(): GazeStatus {
    if (this.state.state === 'running')
      return { state: 'running', faceVisible: this.faceVisibleNow(), calibrated: this.calibrationSamples > 0 };
    return this.state;
  }

  addCalibrationSample(x: number, y: number): boolean {
    if (!this.worker || this.refreshing || this.state.state !== 'running' || !this.faceVisibleNow()) return false;
    this.send({ type: 'calibrate', x, y });
    this.calibrationSamples += 1;
    return true;
  }

  clearCalibration(): void {
    this.send({ type: 'clear-calibration' });
    this.calibrationSamples = 0;
  }

  calibrationSampleCount(): number {
    return this.calibrationSamples;
  }

  /**
   * The participant's measured screen for the head-movement compensation (null: the assumed 96 CSS
   * px per inch at 60 cm). Kept across restarts; a measurement out of range is refused with its problem.
   */
  setViewing(viewing: ViewingGeometry | null): void {
    const problem = viewing && viewingProblem(viewing);
    if (problem) throw new RangeError(problem);
    this.viewing = viewing ? { pxPerCm: viewing.pxPerCm, distanceCm: viewing.distanceCm } : null;
    this.applied = undefined;
    this.send({ type: 'viewing', viewing: this.viewing });
  }

  /** The screen the running engine confirmed it compensates for: null when its model has no compensation, undefined before it answered. */
  appliedViewing(): ViewingGeometry | null | undefined {
    return this.applied;
  }

  /** Between screens: a fresh worker takes over once this one has run REFRESH_AFTER_MS (its wasm heap only grows). */
  maintain(): Promise<void> {
    this.queue = this.queue.then(() => this.doRefresh());
    return this.queue;
  }

  /** The engine never trains on clicks or cursor moves; nothing to switch off. */
  stopTrainingOnInteraction(): void {}

  showPreview(container: HTMLElement): void {
    if (!this.stream || this.preview) return;
    const video = document.createElement('video');
    video.id = 'gazeEngineVideo';
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.srcObject = this.stream;
    const canvas = document.createElement('canvas');
    canvas.id = 'gazeEngineFaceBox';
    canvas.width = 320;
    canvas.height = 240;
    // Mirrored, as participants expect to see themselves.
    for (const el of [video, canvas])
      Object.assign(el.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', transform: 'scaleX(-1)' });
    container.style.position = 'relative';
    container.append(video, canvas);
    void video.play().catch(() => undefined);
    this.preview = { video, canvas };
  }

  hidePreview(): void {
    if (!this.preview) return;
    this.preview.video.srcObject = null;
    this.preview.video.remove();
    this.preview.canvas.remove();
    this.preview = null;
  }

  faceCheck(): FaceCheck {
    if (!this.faceVisibleNow() || !this.lastFace) return { placement: 'no-face' };
    return checkFace(this.lastFace);
  }

  private faceVisibleNow(): boolean {
    return performance.now() - this.lastFaceAt < FACE_FRESH_MS;
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private async doStart(): Promise<void> {
    if (this.wanted === 'stopped' || this.state.state === 'running') return;
    this.state = { state: 'starting' };
    const startedAt = performance.now();
    const worker = this.spawn();
    this.worker = worker;
    // Camera and model load at the same time; the camera's answer decides first, as with WebGazer.
    const [camera, model] = await Promise.allSettled([navigator.mediaDevices.getUserMedia(CAMERA), this.modelReady(worker)]);
    const stream = camera.status === 'fulfilled' ? camera.value : null;
    this.stream = stream;
    const error = camera.status === 'rejected' ? camera.reason : model.status === 'rejected' ? model.reason : null;
    if (error !== null || !stream) {
      const failure =
        error instanceof ModelFailure
          ? { reason: 'model-failed' as const, message: `The eye-tracking model could not be loaded (${error.message}).` }
          : classifyStartError(error);
      this.teardown();
      this.state = { state: 'failed', reason: failure.reason, message: failure.message };
      this.wanted = 'stopped';
      return;
    }
    performance.measure('gaze-engine:start', { start: startedAt });
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.onMessage(e.data);
    worker.onerror = (e) => this.failWhileRunning(e.message || 'the engine stopped');
    this.feedFrames(stream);
    if (this.engine.model.trainOnClicks || this.engine.variants?.some((v) => v.model.trainOnClicks)) {
      window.addEventListener('pointerdown', this.onPointerDown, { capture: true, passive: true });
      this.clicksHeard = true;
    }
    this.calibrationSamples = 0;
    this.workerSince = performance.now();
    this.state = { state: 'running', faceVisible: false, calibrated: false };
  }

  private spawn(): Worker {
    return new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'gaze-engine' });
  }

  /**
   * A fresh worker loads the face model while the old one runs, takes its calibration over (worker to
   * worker through a MessageChannel: eye features never reach the page), then gets the frames; the old
   * one is terminated with its heap. If the fresh one fails, the old one stays and is tried again later.
   */
  private async doRefresh(): Promise<void> {
    const old = this.worker;
    const stream = this.stream;
    if (!old || !stream || this.state.state !== 'running' || this.wanted !== 'running') return;
    if (performance.now() - this.workerSince < this.refreshAfterMs) return;
    const startedAt = performance.now();
    const next = this.spawn();
    this.refreshing = true;
    try {
      await this.modelReady(next);
      const samples = await this.takeOver(old, next);
      old.onmessage = null;
      old.onerror = null;
      old.postMessage({ type: 'stop' } satisfies ToWorker);
      old.terminate();
      this.worker = next;
      next.onmessage = (e: MessageEvent<FromWorker>) => this.onMessage(e.data);
      next.onerror = (e) => this.failWhileRunning(e.message || 'the engine stopped');
      this.stopPump?.();
      this.stopPump = null;
      this.feedFrames(stream);
      this.calibrationSamples = samples;
      performance.measure('gaze-engine:refresh', { start: startedAt });
    } catch {
      next.onmessage = null;
      next.onerror = null;
      next.terminate();
    } finally {
      this.workerSince = performance.now();
      this.refreshing = false;
    }
  }

  /** Resolves with the number of calibration samples the fresh worker took over. */
  private takeOver(old: Worker, next: Worker): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no takeover')), TAKEOVER_TIMEOUT_MS);
      next.onmessage = (e: MessageEvent<FromWorker>) => {
        if (e.data.type === 'viewing') this.onViewing(e.data.applied);
        else if (e.data.type === 'calibration') {
          clearTimeout(timer);
          resolve(e.data.samples);
        } else if (e.data.type === 'failed') {
          clearTimeout(timer);
          reject(new Error(e.data.message));
        }
      };
      const { port1, port2 } = new MessageChannel();
      next.postMessage({ type: 'takeover', port: port2 } satisfies ToWorker, [port2]);
      old.postMessage({ type: 'handover', port: port1 } satisfies ToWorker, [port1]);
    });
  }

  /** Resolves when the worker has loaded the face model; rejects with a ModelFailure. */
  private modelReady(worker: Worker): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ModelFailure(`no answer within ${this.startTimeoutMs / 1000} s`)), this.startTimeoutMs);
      const done = (error?: Error) => {
        clearTimeout(timer);
        worker.onmessage = null;
        worker.onerror = null;
        if (error) reject(error);
        else resolve();
      };
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        if (e.data.type === 'viewing') this.onViewing(e.data.applied);
        else if (e.data.type === 'ready') {
          performance.measure('gaze-engine:model', { start: performance.now() - e.data.initMs });
          done();
        } else if (e.data.type === 'failed') done(new ModelFailure(e.data.message));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        done(new ModelFailure(e.message || 'the engine worker could not start'));
      };
      const base = this.modelBase ?? new URL(`${import.meta.env.BASE_URL}mediapipe/face_mesh/`, window.location.href).href;
      worker.postMessage({ type: 'init', modelBase: base, timeOrigin: performance.timeOrigin, options: this.engine } satisfies ToWorker);
      worker.postMessage({ type: 'viewing', viewing: this.viewing } satisfies ToWorker);
    });
  }

  /** Frames to the worker: the whole stream when the browser can hand it over, else one bitmap per processed frame. */
  private feedFrames(stream: MediaStream): void {
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessor }).MediaStreamTrackProcessor;
    if (Processor) {
      const { readable } = new Processor({ track, maxBufferSize: 1 });
      this.send({ type: 'frames', readable }, [readable as unknown as Transferable]);
      return;
    }
    const video = document.createElement('video') as FrameCallbackVideo;
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    void video.play().catch(() => undefined);
    let stopped = false;
    const grab = (captureTime: number) => {
      if (stopped) return;
      void createImageBitmap(video).then(
        (bitmap) => (stopped ? bitmap.close() : this.send({ type: 'frame', bitmap, t: captureTime }, [bitmap])),
        () => setTimeout(next, 50),
      );
    };
    const next = () => {
      if (stopped) return;
      if (video.requestVideoFrameCallback) video.requestVideoFrameCallback((now, meta) => grab(meta.captureTime ?? now));
      else setTimeout(() => grab(performance.now()), 33);
    };
    this.pumpNext = next;
    next();
    this.stopPump = () => {
      stopped = true;
      this.pumpNext = null;
      video.srcObject = null;
    };
  }

  /** Fallback pump: asks for the next frame once the worker has answered the last one. */
  private pumpNext: (() => void) | null = null;

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'sample':
        this.onSample(m.sample);
        this.pumpNext?.();
        break;
      case 'calibration':
        this.calibrationSamples = m.samples;
        break;
      case 'viewing':
        this.onViewing(m.applied);
        break;
      case 'failed':
        this.failWhileRunning(m.message);
        break;
      case 'ready':
        break;
    }
  }

  /** A mark tests and benches can read: what the worker compensates head movement with. */
  private onViewing(applied: ViewingGeometry | null): void {
    this.applied = applied;
    performance.mark('gaze-engine:viewing', { detail: applied });
  }

  private onSample(s: EngineSample): void {
    if (s.face) {
      this.lastFaceAt = performance.now();
      this.lastFace = s.face;
    }
    this.drawPreview(s.face);
    if (this.bench) keepBenchSample(this.bench, s);
    if (s.x !== null && s.y !== null) this.emitter.emit({ t: s.t, x: s.x, y: s.y, source: 'worker' });
    else this.emitter.emit({ t: s.t, x: null, y: null, source: 'worker', lost: s.lost ?? 'no-face' });
  }

  private drawPreview(face: FaceBox | null): void {
    const ctx = this.preview?.canvas.getContext('2d');
    if (!ctx) return;
    const { width, height } = ctx.canvas;
    ctx.clearRect(0, 0, width, height);
    if (!face) return;
    ctx.strokeStyle = checkFace(face).placement === 'ok' ? '#2e7d32' : '#c62828';
    ctx.lineWidth = 3;
    ctx.strokeRect(face.x * width, face.y * height, face.w * width, face.h * height);
  }

  private failWhileRunning(message: string): void {
    if (this.state.state !== 'running') return;
    this.teardown();
    this.state = { state: 'failed', reason: 'model-failed', message: `The eye tracker stopped (${message}).` };
    this.wanted = 'stopped';
  }

  /** Implicit recalibration: a primary click once calibrated (the worker trains only the models that take clicks). */
  private readonly onPointerDown = (e: PointerEvent) => {
    if (e.isPrimary && e.button === 0 && this.calibrationSamples > 0)
      this.send({ type: 'calibrate', x: e.clientX, y: e.clientY, click: true });
  };

  /** Worker gone, camera off, preview removed. */
  private teardown(): void {
    if (this.clicksHeard) window.removeEventListener('pointerdown', this.onPointerDown, { capture: true });
    this.clicksHeard = false;
    this.hidePreview();
    this.stopPump?.();
    this.stopPump = null;
    if (this.worker) {
      this.worker.onmessage = null;
      this.worker.onerror = null;
      this.worker.postMessage({ type: 'stop' } satisfies ToWorker);
      this.worker.terminate();
      this.worker = null;
    }
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.lastFaceAt = -Infinity;
    this.lastFace = null;
    this.applied = undefined;
  }

  private async doStop(): Promise<void> {
    if (this.wanted === 'running') return;
    this.teardown();
    this.calibrationSamples = 0;
    if (this.state.state !== 'failed') this.state = { state: 'stopped' };
  }
}
