// The gaze engine's worker: camera frames in, gaze samples out. Face mesh, eye-patch features,
// regression and filter all run here, so the page's main thread only draws and records. No frame
// or eye image leaves this worker, and nothing here is stored.
import { faceBox } from '../webgazer-face-check.ts';
import { CaptureClock } from './capture-clock.ts';
import { eyeBoxes, patchFeatures, type Landmark, type PixelBox } from './eye-patch.ts';
import { headPose, headPoseVector, irisFeatures, type ViewingGeometry } from './face-geometry.ts';
import { loadFaceMesh, type FaceMeshHandle } from './face-mesh.ts';
import { GazeModel, type FaceObservation } from './gaze-model.ts';
import type { EngineOptions, EngineSample, FromWorker, HandoverMessage, ToWorker } from './protocol.ts';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
  addEventListener(type: 'error' | 'unhandledrejection', listener: (e: ErrorEvent | PromiseRejectionEvent) => void): void;
  close(): void;
}
const scope = globalThis as unknown as WorkerScope;
const post = (m: FromWorker) => scope.postMessage(m);

/** An observation older than this is not paired with a calibration click. */
const OBSERVATION_FRESH_MS = 500;

let options: EngineOptions | null = null;
let mesh: FaceMeshHandle | null = null;
let model: GazeModel | null = null;
let variants: GazeModel[] = [];
/** The measured screen, kept for models made after it arrived. */
let viewing: ViewingGeometry | null = null;
/** Worker clock → main-thread clock. */
let toMainClock = 0;
let stopped = false;
let latest: { obs: FaceObservation; at: number } | null = null;
const clock = new CaptureClock();
let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

/** Newest frame not yet processed (older ones are dropped: the engine never falls behind the camera). */
let pending: { frame: VideoFrame | ImageBitmap; t: number } | null = null;
let wake: (() => void) | null = null;
let busy: Promise<void> = Promise.resolve();

function closeFrame(f: VideoFrame | ImageBitmap): void {
  try {
    f.close();
  } catch {
    // already closed
  }
}

function frameSize(f: VideoFrame | ImageBitmap): [number, number] {
  return 'displayWidth' in f ? [f.displayWidth, f.displayHeight] : [f.width, f.height];
}

function drawable(w: number, h: number): OffscreenCanvasRenderingContext2D {
  if (!canvas || canvas.width !== w || canvas.height !== h) {
    canvas = new OffscreenCanvas(w, h);
    ctx = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!ctx) throw new Error('no 2D context in the worker');
  return ctx;
}

function eyeFeatures(c: OffscreenCanvasRenderingContext2D, box: PixelBox, w: number, h: number): Float64Array | null {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  const bw = Math.min(w, box.x + box.w) - x;
  const bh = Math.min(h, box.y + box.h) - y;
  if (bw <= 0 || bh <= 0) return null;
  return patchFeatures(c.getImageData(x, y, bw, bh).data, bw, bh);
}

async function process(frame: VideoFrame | ImageBitmap, t: number): Promise<void> {
  if (!mesh || !model) return;
  const [w, h] = frameSize(frame);
  const c = drawable(w, h);
  c.drawImage(frame, 0, 0, w, h);
  closeFrame(frame);
  const t0 = performance.now();
  const found = await mesh.detect(c.canvas as OffscreenCanvas);
  const inferMs = performance.now() - t0;
  const sample: EngineSample = { t: t + toMainClock, x: null, y: null, face: null, inferMs };
  if (!found) {
    sample.lost = 'no-face';
    latest = null;
  } else {
    const lm: Landmark[] = found.map((p) => [p.x * w, p.y * h, p.z * w]);
    sample.face = faceBox(lm, w, h);
    const boxes = eyeBoxes(lm);
    const left = boxes && eyeFeatures(c, boxes.left, w, h);
    const right = boxes && eyeFeatures(c, boxes.right, w, h);
    const pose = headPose(lm, w, h);
    const obs: FaceObservation = {
      eyes: left && right ? [left, right] : null,
      iris: irisFeatures(lm),
      pose: pose ? headPoseVector(pose) : null,
    };
    latest = { obs, at: performance.now() };
    if (variants.length) {
      sample.variants = variants.map((v) => v.predict(obs, t));
      if (obs.pose) sample.pose = [...obs.pose];
    }
    const p = model.predict(obs, t);
    if (p) {
      sample.x = p.x;
      sample.y = p.y;
    } else sample.lost = model.sampleCount > 0 ? 'no-face' : 'not-calibrated';
  }
  post({ type: 'sample', sample });
}

async function processLoop(): Promise<void> {
  while (!stopped) {
    if (!pending) await new Promise<void>((resolve) => (wake = resolve));
    const next = pending;
    pending = null;
    if (!next || stopped) continue;
    busy = process(next.frame, next.t);
    await busy;
  }
}

function offer(frame: VideoFrame | ImageBitmap, t: number): void {
  if (stopped) return closeFrame(frame);
  if (pending) closeFrame(pending.frame);
  pending = { frame, t };
  const w = wake;
  wake = null;
  w?.();
}

async function readFrames(readable: ReadableStream<VideoFrame>): Promise<void> {
  const reader = readable.getReader();
  try {
    while (!stopped) {
      const { value, done } = await reader.read();
      if (done) break;
      offer(value, clock.captureTime(value.timestamp, performance.now()));
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  options = message.options;
  toMainClock = performance.timeOrigin - message.timeOrigin;
  model = new GazeModel(options.model);
  variants = (options.variants ?? []).map((v) => new GazeModel(v.model));
  applyViewing(viewing);
  const t0 = performance.now();
  const loaded = await loadFaceMesh(message.modelBase, options.refineLandmarks);
  mesh = loaded.handle;
  post({ type: 'ready', initMs: performance.now() - t0, version: loaded.version });
  void processLoop();
}

/** Every model with a head-pose compensation takes the measured screen (variants too, so a bench compares like with like). */
function applyViewing(next: ViewingGeometry | null): void {
  viewing = next;
  for (const m of [model, ...variants]) m?.setViewing(next);
  const c = model?.poseCompensation;
  if (model) post({ type: 'viewing', applied: c ? { pxPerCm: c.pxPerCm, distanceCm: c.distanceCm } : null });
}

const failure = (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });

scope.addEventListener('message', (e) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      init(m).catch(failure);
      break;
    case 'frames':
      readFrames(m.readable).catch(failure);
      break;
    case 'frame':
      offer(m.bitmap, m.t - toMainClock);
      break;
    case 'calibrate': {
      const fresh = latest && performance.now() - latest.at < OBSERVATION_FRESH_MS ? latest.obs : null;
      if (m.click) {
        if (fresh) for (const v of [model, ...variants]) if (v?.options.trainOnClicks && v.sampleCount > 0) v.addSample(fresh, m.x, m.y);
        break;
      }
      const accepted = !!(fresh && model?.addSample(fresh, m.x, m.y));
      if (fresh) for (const v of variants) v.addSample(fresh, m.x, m.y);
      post({ type: 'calibration', accepted, samples: model?.sampleCount ?? 0 });
      break;
    }
    case 'clear-calibration':
      model?.clear();
      for (const v of variants) v.clear();
      post({ type: 'calibration', accepted: false, samples: 0 });
      break;
    case 'viewing':
      applyViewing(m.viewing);
      break;
    case 'handover':
      m.port.postMessage({ models: [model, ...variants].map((v) => v?.calibration() ?? null) } satisfies HandoverMessage);
      m.port.close();
      break;
    case 'takeover':
      m.port.onmessage = (e: MessageEvent<HandoverMessage>) => {
        [model, ...variants].forEach((v, i) => {
          const set = e.data.models[i];
          if (v && set) v.restore(set);
        });
        m.port.close();
        post({ type: 'calibration', accepted: false, samples: model?.sampleCount ?? 0 });
      };
      break;
    case 'stop':
      stopped = true;
      if (pending) closeFrame(pending.frame);
      pending = null;
      wake?.();
      void busy.then(() => mesh?.close()).finally(() => scope.close());
      break;
  }
});
// The solution's loaders report a missing file by throwing from an XHR callback, not by rejecting.
scope.addEventListener('error', (e) => failure('message' in e ? e.message : e));
scope.addEventListener('unhandledrejection', (e) => failure('reason' in e ? e.reason : e));
