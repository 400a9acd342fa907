// Sequencing of WorkerGazeSource's lifecycle with stand-ins for the browser's Worker and camera.
// The real engine (worker, face mesh, camera) is exercised in e2e/worker-engine.spec.ts; this
// checks the orderings a browser test cannot force: StrictMode's start-stop-start, failures.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GazeSample } from '../gaze-source.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { WorkerGazeSource } from './worker-source.ts';

class FakeTrack {
  readyState: 'live' | 'ended' = 'live';
  stop() {
    this.readyState = 'ended';
  }
}
class FakeWorker {
  static all: FakeWorker[] = [];
  static answer: (w: FakeWorker, m: ToWorker) => void = (w, m) => {
    if (m.type === 'init') w.reply({ type: 'ready', initMs: 5, version: 'test' });
  };
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  received: ToWorker[] = [];
  terminated = false;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(m: ToWorker) {
    this.received.push(m);
    queueMicrotask(() => FakeWorker.answer(this, m));
  }
  reply(data: FromWorker) {
    this.onmessage?.({ data });
  }
  terminate() {
    this.terminated = true;
  }
}

let tracks: FakeTrack[] = [];
let camera: () => Promise<unknown>;

beforeEach(() => {
  FakeWorker.all = [];
  tracks = [];
  camera = async () => {
    const track = new FakeTrack();
    tracks.push(track);
    return { getTracks: () => [track], getVideoTracks: () => [track] };
  };
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: () => camera() } });
  vi.stubGlobal(
    'MediaStreamTrackProcessor',
    class {
      readable = {};
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  FakeWorker.answer = (w, m) => {
    if (m.type === 'init') w.reply({ type: 'ready', initMs: 5, version: 'test' });
  };
});

const source = () => new WorkerGazeSource({ modelBase: 'http://localhost/mediapipe/face_mesh/' });
const sample = (over: Partial<Extract<FromWorker, { type: 'sample' }>['sample']> = {}): FromWorker => ({
  type: 'sample',
  sample: { t: 100, x: null, y: null, face: null, inferMs: 20, ...over },
});

describe('WorkerGazeSource lifecycle', () => {
  it('does nothing before start; StrictMode start-stop-start ends running with one worker and one camera', async () => {
    const s = source();
    expect(FakeWorker.all).toHaveLength(0);
    void s.start();
    void s.stop();
    await s.start();
    expect(s.status()).toMatchObject({ state: 'running', calibrated: false });
    expect(FakeWorker.all).toHaveLength(1);
    expect(tracks.map((t) => t.readyState)).toEqual(['live']);
    expect(FakeWorker.all[0]!.received.map((m) => m.type)).toEqual(['init', 'viewing', 'frames']);
    await s.stop();
    expect(s.status().state).toBe('stopped');
    expect(tracks[0]!.readyState).toBe('ended');
    expect(FakeWorker.all[0]!.terminated).toBe(true);
    await s.start(); // restart: a fresh worker and camera
    expect(FakeWorker.all).toHaveLength(2);
    expect(tracks.map((t) => t.readyState)).toEqual(['ended', 'live']);
    await s.stop();
  });

  it('camera refused: camera-denied, worker gone', async () => {
    camera = () => Promise.reject(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }));
    const s = source();
    await s.start();
    expect(s.status()).toMatchObject({ state: 'failed', reason: 'camera-denied' });
    expect(FakeWorker.all[0]!.terminated).toBe(true);
  });

  it('model that fails to load: model-failed with its message, camera switched off', async () => {
    FakeWorker.answer = (w, m) => {
      if (m.type === 'init') w.reply({ type: 'failed', message: 'face_mesh.js could not be loaded (HTTP 404)' });
    };
    const s = source();
    await s.start();
    const status = s.status();
    expect(status).toMatchObject({ state: 'failed', reason: 'model-failed' });
    expect(status.state === 'failed' && status.message).toContain('HTTP 404');
    expect(tracks.map((t) => t.readyState)).toEqual(['ended']);
  });

  it('a model that never answers times out the same way', async () => {
    FakeWorker.answer = () => undefined;
    const s = new WorkerGazeSource({ modelBase: 'http://localhost/', startTimeoutMs: 30 });
    await s.start();
    expect(s.status()).toMatchObject({ state: 'failed', reason: 'model-failed' });
    expect(tracks.map((t) => t.readyState)).toEqual(['ended']);
  });
});

describe('WorkerGazeSource samples and calibration', () => {
  it('emits every engine sample with its loss reason, tracks the face, and refuses calibration without a face', async () => {
    const s = source();
    const got: GazeSample[] = [];
    s.subscribe((g) => got.push(g));
    await s.start();
    const w = FakeWorker.all[0]!;
    expect(s.addCalibrationSample(10, 20)).toBe(false);
    w.reply(sample({ lost: 'no-face' }));
    w.reply(sample({ t: 133, lost: 'not-calibrated', face: { x: 0.3, y: 0.2, w: 0.4, h: 0.5 } }));
    expect(s.status()).toMatchObject({ state: 'running', faceVisible: true });
    expect(s.faceCheck().placement).toBe('ok');
    expect(s.addCalibrationSample(10, 20)).toBe(true);
    expect(w.received.at(-1)).toEqual({ type: 'calibrate', x: 10, y: 20 });
    w.reply({ type: 'calibration', accepted: true, samples: 1 });
    expect(s.status()).toMatchObject({ calibrated: true });
    w.reply(sample({ t: 166, x: 500, y: 300, face: { x: 0.3, y: 0.2, w: 0.4, h: 0.5 } }));
    expect(got).toEqual([
      { t: 100, x: null, y: null, source: 'worker', lost: 'no-face' },
      { t: 133, x: null, y: null, source: 'worker', lost: 'not-calibrated' },
      { t: 166, x: 500, y: 300, source: 'worker' },
    ]);
    s.clearCalibration();
    expect(s.calibrationSampleCount()).toBe(0);
    await s.stop();
  });

  it('an engine failure while running stops the camera and reports model-failed', async () => {
    const s = source();
    await s.start();
    FakeWorker.all[0]!.reply({ type: 'failed', message: 'wasm abort' });
    expect(s.status()).toMatchObject({ state: 'failed', reason: 'model-failed' });
    expect(tracks[0]!.readyState).toBe('ended');
  });
});

describe('WorkerGazeSource and the measured screen', () => {
  const viewingSent = (w: FakeWorker) => w.received.filter((m) => m.type === 'viewing').map((m) => m.viewing);

  it('sends the measurement to every worker it starts, right after init; a change reaches the running one; null goes back to the default', async () => {
    const s = source();
    s.setViewing({ pxPerCm: 50.26, distanceCm: 45 }); // before start: kept, nothing to send to
    expect(FakeWorker.all).toHaveLength(0);
    await s.start();
    const first = FakeWorker.all[0]!;
    expect(first.received.slice(0, 2).map((m) => m.type)).toEqual(['init', 'viewing']);
    expect(viewingSent(first)).toEqual([{ pxPerCm: 50.26, distanceCm: 45 }]);
    s.setViewing({ pxPerCm: 36.14, distanceCm: 70 }); // a re-measure
    s.setViewing(null);
    expect(viewingSent(first)).toEqual([{ pxPerCm: 50.26, distanceCm: 45 }, { pxPerCm: 36.14, distanceCm: 70 }, null]);
    s.setViewing({ pxPerCm: 36.14, distanceCm: 70 });
    await s.stop();
    await s.start(); // a restart (Try again): the new worker gets the newest measurement
    expect(viewingSent(FakeWorker.all[1]!)).toEqual([{ pxPerCm: 36.14, distanceCm: 70 }]);
    await s.stop();
  });

  it('records what the worker confirms, before and after ready, and forgets it when the worker goes', async () => {
    FakeWorker.answer = (w, m) => {
      if (m.type === 'init') {
        w.reply({ type: 'viewing', applied: { pxPerCm: 96 / 2.54, distanceCm: 60 } });
        w.reply({ type: 'ready', initMs: 5, version: 'test' });
      }
      if (m.type === 'viewing') w.reply({ type: 'viewing', applied: m.viewing });
    };
    const s = source();
    expect(s.appliedViewing()).toBeUndefined();
    await s.start();
    await Promise.resolve();
    expect(s.appliedViewing()).toEqual({ pxPerCm: 96 / 2.54, distanceCm: 60 }); // the init answer (sent null)
    s.setViewing({ pxPerCm: 50.26, distanceCm: 45 });
    await Promise.resolve();
    expect(s.appliedViewing()).toEqual({ pxPerCm: 50.26, distanceCm: 45 });
    await s.stop();
    expect(s.appliedViewing()).toBeUndefined();
  });

  it('refuses a measurement out of range, naming it, and keeps the one it had', async () => {
    const s = source();
    await s.start();
    s.setViewing({ pxPerCm: 40, distanceCm: 60 });
    expect(() => s.setViewing({ pxPerCm: 40, distanceCm: 5 })).toThrow(/viewing distance must be 25–150 cm, got 5/);
    expect(() => s.setViewing({ pxPerCm: Number.POSITIVE_INFINITY, distanceCm: 60 })).toThrow(/density/);
    expect(viewingSent(FakeWorker.all[0]!)).toEqual([null, { pxPerCm: 40, distanceCm: 60 }]);
    await s.stop();
  });
});

describe('WorkerGazeSource.maintain(): a fresh worker takes over', () => {
  const refreshing = () => new WorkerGazeSource({ modelBase: 'http://localhost/', refreshAfterMs: 0 });
  const types = (w: FakeWorker) => w.received.map((m) => m.type);

  it('does nothing before the interval', async () => {
    const s = source(); // the default: 4 minutes
    await s.start();
    await s.maintain();
    expect(FakeWorker.all).toHaveLength(1);
    await s.stop();
  });

  it('hands the calibration from worker to worker, moves the frames, ends the old worker, and goes on with the new one', async () => {
    FakeWorker.answer = (w, m) => {
      if (m.type === 'init') w.reply({ type: 'ready', initMs: 5, version: 'test' });
      if (m.type === 'takeover') w.reply({ type: 'calibration', accepted: false, samples: 7 });
    };
    const s = refreshing();
    const got: GazeSample[] = [];
    s.subscribe((g) => got.push(g));
    s.setViewing({ pxPerCm: 50, distanceCm: 55 });
    await s.start();
    await s.maintain();
    const [old, next] = FakeWorker.all as [FakeWorker, FakeWorker];
    expect(FakeWorker.all).toHaveLength(2);
    expect(types(old)).toEqual(['init', 'viewing', 'frames', 'handover', 'stop']);
    expect(old.terminated).toBe(true);
    expect(types(next)).toEqual(['init', 'viewing', 'takeover', 'frames']);
    expect(next.received[1]).toEqual({ type: 'viewing', viewing: { pxPerCm: 50, distanceCm: 55 } });
    expect(s.calibrationSampleCount()).toBe(7);
    expect(s.status()).toMatchObject({ state: 'running', calibrated: true });
    expect(tracks.map((t) => t.readyState)).toEqual(['live']); // the same camera
    old.reply(sample({ x: 1, y: 1 }));
    next.reply(sample({ t: 200, x: 2, y: 3 }));
    expect(got).toEqual([{ t: 200, x: 2, y: 3, source: 'worker' }]);
    await s.stop();
    expect(next.terminated).toBe(true);
  });

  it('keeps the old worker when the fresh one cannot load, and refuses calibration samples while they change over', async () => {
    let workers = 0;
    let fail = () => {};
    FakeWorker.answer = (w, m) => {
      if (m.type !== 'init') return;
      if (++workers === 1) w.reply({ type: 'ready', initMs: 5, version: 'test' });
      else fail = () => w.reply({ type: 'failed', message: 'out of memory' });
    };
    const s = refreshing();
    const got: GazeSample[] = [];
    s.subscribe((g) => got.push(g));
    await s.start();
    const old = FakeWorker.all[0]!;
    old.reply(sample({ face: { x: 0.3, y: 0.2, w: 0.4, h: 0.5 } }));
    const refreshed = s.maintain();
    await vi.waitFor(() => expect(FakeWorker.all).toHaveLength(2)); // the fresh worker is loading
    expect(s.addCalibrationSample(5, 5)).toBe(false);
    fail();
    await refreshed;
    expect(FakeWorker.all[1]!.terminated).toBe(true);
    expect(old.terminated).toBe(false);
    expect(types(old)).not.toContain('handover');
    expect(s.addCalibrationSample(5, 5)).toBe(true);
    old.reply(sample({ t: 300, x: 4, y: 5 }));
    expect(got.at(-1)).toEqual({ t: 300, x: 4, y: 5, source: 'worker' });
    await s.stop();
  });
});

describe('WorkerGazeSource measurement hook (benches only)', () => {
  it('runs the default engine without it; with it, the options it holds, and keeps every sample with its variants', async () => {
    const plain = source();
    await plain.start();
    const init = () => FakeWorker.all.at(-1)!.received.find((m) => m.type === 'init') as Extract<ToWorker, { type: 'init' }>;
    expect(init().options.refineLandmarks).toBe(true);
    expect(init().options.variants).toBeUndefined();
    await plain.stop();

    const engine = { ...init().options, variants: [{ name: 'v', model: init().options.model }] };
    const hook: { engine: typeof engine; samples?: unknown[] } = { engine };
    vi.stubGlobal('__gazeEngineBench', hook);
    const measured = source();
    await measured.start();
    expect(init().options.variants).toHaveLength(1);
    FakeWorker.all.at(-1)!.reply(sample({ x: 5, y: 6, variants: [{ x: 7, y: 8 }], pose: [0, 0, 0, 0.5, 0.5, 0.2] }));
    FakeWorker.all.at(-1)!.reply(sample({ t: 133, lost: 'no-face' }));
    expect(hook.samples).toEqual([
      { t: 100, x: 5, y: 6, variants: [{ x: 7, y: 8 }], pose: [0, 0, 0, 0.5, 0.5, 0.2] },
      { t: 133, x: null, y: null, variants: [], pose: null },
    ]);
    await measured.stop();
  });
});
