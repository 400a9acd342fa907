// Lifecycle logic of WebGazerSource against a fake `webgazer` module (the real library needs a
// camera and WebGL; e2e/webgazer.spec.ts runs it for real in Chromium).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { GazeSample } from './gaze-source.ts';

const fake = vi.hoisted(() => {
  type Listener = ((data: { x: number | null; y: number | null } | null, elapsed: number) => void) | null;
  const state = {
    listener: null as Listener,
    positions: null as number[][] | null,
    beginError: null as Error | null,
    calls: [] as string[],
    reg: { init: () => state.calls.push('reg.init'), eyeFeaturesClicks: { length: 0 } },
  };
  const wg = {
    params: {} as Record<string, unknown>,
    begin: async () => {
      state.calls.push('begin');
      await new Promise((r) => setTimeout(r, 5));
      if (state.beginError) throw state.beginError;
      return wg;
    },
    end: () => (state.calls.push('end'), wg),
    stopVideo: () => (state.calls.push('stopVideo'), wg),
    setGazeListener: (l: Listener) => ((state.listener = l), wg),
    clearGazeListener: () => (state.calls.push('clearGazeListener'), (state.listener = null), wg),
    saveDataAcrossSessions: (v: boolean) => (state.calls.push(`save:${v}`), wg),
    showPredictionPoints: (v: boolean) => (state.calls.push(`points:${v}`), wg),
    applyKalmanFilter: (v: boolean) => (state.calls.push(`kalman:${v}`), wg),
    setRegression: (n: string) => (state.calls.push(`regression:${n}`), wg),
    showVideoPreview: () => wg,
    removeMouseEventListeners: () => (state.calls.push('removeMouse'), wg),
    recordScreenPosition: (x: number, y: number) => (state.calls.push(`record:${x},${y}`), wg),
    getRegression: () => [state.reg],
    getTracker: () => tracker,
    pause: () => (state.calls.push('pause'), wg),
    resume: async () => (state.calls.push('resume'), wg),
  };
  const detector = () => ({ dispose: () => state.calls.push('dispose') });
  const tracker = {
    getPositions: () => state.positions,
    predictionReady: true,
    detector: detector() as { dispose(): void } | null,
    init: async () => {
      state.calls.push('init');
      tracker.detector ??= detector();
    },
  };
  return { state, wg, tracker };
});
vi.mock('webgazer', () => ({ default: fake.wg }));

// The source looks for WebGazer's <video> (none here) and its MediaStream type.
Object.assign(globalThis, {
  document: { getElementById: () => null },
  HTMLVideoElement: class {},
  MediaStream: class {},
});

async function freshModule() {
  vi.resetModules();
  return import('./webgazer-source.ts');
}

beforeEach(() => {
  fake.state.calls = [];
  fake.state.listener = null;
  fake.state.positions = null;
  fake.state.beginError = null;
});

const begins = () => fake.state.calls.filter((c) => c === 'begin').length;

describe('WebGazerSource', () => {
  it('configures WebGazer before begin(): own-origin model path, nothing saved, no red dot, Kalman on', async () => {
    const { WebGazerSource } = await freshModule();
    await new WebGazerSource({ regression: 'weightedRidge' }).start();
    const beforeBegin = fake.state.calls.slice(0, fake.state.calls.indexOf('begin'));
    expect(beforeBegin).toEqual(expect.arrayContaining(['save:false', 'points:false', 'kalman:true', 'regression:weightedRidge']));
    expect(fake.wg.params.faceMeshSolutionPath).toBe('/mediapipe/face_mesh');
    // Clicks and cursor moves must not train the model.
    expect(fake.state.calls.indexOf('removeMouse')).toBeGreaterThan(fake.state.calls.indexOf('begin'));
  });

  it('calls begin() once for repeated starts, several instances and a StrictMode start/stop/start', async () => {
    const { WebGazerSource } = await freshModule();
    const a = new WebGazerSource();
    const b = new WebGazerSource();
    await Promise.all([a.start(), b.start(), a.start()]);
    expect(begins()).toBe(1);
    void a.start();
    void a.stop();
    await a.start();
    expect(begins()).toBe(1);
    expect(fake.state.calls).not.toContain('end');
    expect(a.status()).toMatchObject({ state: 'running' });
  });

  it('stamps samples itself and tells no face from not calibrated', async () => {
    const { WebGazerSource } = await freshModule();
    const source = new WebGazerSource();
    const got: GazeSample[] = [];
    source.subscribe((s) => got.push(s));
    await source.start();
    const emit = fake.state.listener!;
    const before = performance.now();
    emit(null, 35); // no face yet
    fake.state.positions = [[1, 2, 0]];
    emit(null, 70); // a face, but no calibration
    expect(source.addCalibrationSample(10, 20)).toBe(true);
    expect(fake.state.calls).toContain('record:10,20');
    fake.state.positions = [[1, 2, 0]]; // new detection (new array)
    emit({ x: 100, y: 200 }, 105);
    emit(null, 140); // same positions array again: the face was lost this frame
    expect(got.map((s) => s.lost ?? 'ok')).toEqual(['no-face', 'not-calibrated', 'ok', 'no-face']);
    expect(got[2]).toMatchObject({ x: 100, y: 200, source: 'webgazer' });
    expect(got.every((s) => s.t >= before)).toBe(true);
    expect(source.status()).toMatchObject({ state: 'running', calibrated: true });
  });

  it('reports a refused camera and can start again', async () => {
    const { WebGazerSource } = await freshModule();
    const source = new WebGazerSource();
    fake.state.beginError = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    await source.start();
    expect(source.status()).toMatchObject({ state: 'failed', reason: 'camera-denied' });
    fake.state.beginError = null;
    await source.start();
    expect(begins()).toBe(2);
    expect(source.status()).toMatchObject({ state: 'running' });
  });

  it('tears down fully on stop: listener, camera, DOM, mouse listeners', async () => {
    const { WebGazerSource } = await freshModule();
    const source = new WebGazerSource();
    await source.start();
    fake.state.calls = [];
    await source.stop();
    expect(fake.state.calls).toEqual(expect.arrayContaining(['clearGazeListener', 'stopVideo', 'end', 'removeMouse']));
    expect(source.status()).toEqual({ state: 'stopped' });
    expect(fake.state.listener).toBeNull();
  });

  it('does not record calibration samples without a face in view', async () => {
    const { WebGazerSource } = await freshModule();
    const source = new WebGazerSource();
    await source.start();
    fake.state.listener!(null, 35);
    expect(source.addCalibrationSample(1, 1)).toBe(false);
    expect(fake.state.calls.some((c) => c.startsWith('record:'))).toBe(false);
    source.clearCalibration();
    expect(fake.state.calls).toContain('reg.init');
  });
});

describe('face model refresh between screens', () => {
  /** maintain() as if the face model had been running for 5 minutes. */
  async function maintainMinutesLater(source: { maintain(): Promise<void> }): Promise<void> {
    const now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now + 5 * 60_000);
    try {
      await source.maintain();
    } finally {
      clock.mockRestore();
    }
  }

  it('replaces the detector only after it has run for minutes, with the loop paused around it', async () => {
    const { WebGazerSource } = await freshModule();
    const source = new WebGazerSource();
    await source.start();
    await source.maintain();
    expect(fake.state.calls).not.toContain('dispose');
    await maintainMinutesLater(source);
    const calls = fake.state.calls;
    expect(calls.slice(calls.indexOf('pause'))).toEqual(['pause', 'dispose', 'init', 'resume']);
    await source.stop();
  });

  it('reports a face model that cannot be restarted and switches the camera off', async () => {
    const { WebGazerSource } = await freshModule();
    const source = new WebGazerSource();
    await source.start();
    const init = fake.tracker.init;
    fake.tracker.init = async () => {
      throw new Error('wasm gone');
    };
    try {
      await maintainMinutesLater(source);
    } finally {
      fake.tracker.init = init;
    }
    expect(source.status()).toMatchObject({
      state: 'failed',
      reason: 'model-failed',
      message: expect.stringMatching(/restarted: wasm gone/),
    });
    expect(fake.state.calls).not.toContain('resume');
    expect(fake.state.calls.slice(fake.state.calls.indexOf('pause'))).toEqual(
      expect.arrayContaining(['clearGazeListener', 'stopVideo', 'end']),
    );
    await source.stop();
  });
});
