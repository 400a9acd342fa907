import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GazeSample } from './gaze-source.ts';
import { genericGrid, ScanPathScript, SimulatedGazeSource, SimulatedViewer, type GazeTarget } from './simulated-source.ts';

const grid: GazeTarget[] = genericGrid(1920, 1080);

function fixationTargets(seed: number, n: number): GazeTarget[] {
  const script = new ScanPathScript(seed);
  const out: GazeTarget[] = [];
  let last: GazeTarget | null = null;
  for (let t = 0; out.length < n; t += 10) {
    const g = script.gazeAt(t, grid);
    if (g && g.target !== last) out.push(g.target);
    last = g?.target ?? null;
  }
  return out;
}

describe('ScanPathScript', () => {
  it('looks at top rows and left columns most (F-pattern)', () => {
    const targets = fixationTargets(42, 3000);
    const byRow = [1, 2, 3, 4].map((r) => targets.filter((t) => t.row === r).length);
    expect(byRow[0]).toBeGreaterThan(byRow[1] as number);
    expect(byRow[1]).toBeGreaterThan(byRow[3] as number);
    const tiles = targets.filter((t) => t.kind === 'tile');
    const col1 = tiles.filter((t) => t.column === 1).length;
    const col5 = tiles.filter((t) => t.column === 5).length;
    expect(col1).toBeGreaterThan(col5);
    const titles = targets.filter((t) => t.kind === 'title').length;
    expect(titles).toBeGreaterThan(0);
    expect(titles).toBeLessThan(targets.length / 4);
  });

  it('keeps fixations inside their target, 180–450 ms long', () => {
    const script = new ScanPathScript(3);
    let prev: { x: number; y: number } | null = null;
    let since = 0;
    const durations: number[] = [];
    for (let t = 0; t < 20_000; t += 1) {
      const g = script.gazeAt(t, grid)!;
      expect(g.x).toBeGreaterThanOrEqual(g.target.x);
      expect(g.x).toBeLessThanOrEqual(g.target.x + g.target.w);
      if (prev && (prev.x !== g.x || prev.y !== g.y)) {
        durations.push(t - since);
        since = t;
      }
      prev = g;
    }
    expect(Math.min(...durations)).toBeGreaterThanOrEqual(180);
    expect(Math.max(...durations)).toBeLessThanOrEqual(451);
  });
});

describe('SimulatedViewer', () => {
  it('is deterministic from the seed', () => {
    const opts = { seed: 11, noiseSdPx: 25, lagMs: 40, rateHz: 30 };
    const a = new SimulatedViewer(opts);
    const b = new SimulatedViewer(opts);
    const c = new SimulatedViewer({ ...opts, seed: 12 });
    const ts = Array.from({ length: 50 }, (_, i) => i * 33);
    const sa = ts.map((t) => a.sampleAt(t, grid));
    expect(ts.map((t) => b.sampleAt(t, grid))).toEqual(sa);
    expect(ts.map((t) => c.sampleAt(t, grid))).not.toEqual(sa);
  });

  it('adds noise with the configured SD around the fixation point', () => {
    const noiseless = new SimulatedViewer({ seed: 5, noiseSdPx: 0, lagMs: 0, rateHz: 30 });
    const noisy = new SimulatedViewer({ seed: 5, noiseSdPx: 20, lagMs: 0, rateHz: 30 });
    const dx: number[] = [];
    for (let t = 0; t < 60_000; t += 5) {
      const a = noiseless.sampleAt(t, grid)!;
      const b = noisy.sampleAt(t, grid)!;
      dx.push(b.x - a.x);
    }
    const m = dx.reduce((s, v) => s + v, 0) / dx.length;
    const sd = Math.sqrt(dx.reduce((s, v) => s + (v - m) ** 2, 0) / dx.length);
    expect(sd).toBeGreaterThan(18);
    expect(sd).toBeLessThan(22);
  });

  it('lags: a lagged viewer at t reports the unlagged viewer at t - lag', () => {
    const now = new SimulatedViewer({ seed: 9, noiseSdPx: 0, lagMs: 0, rateHz: 30 });
    const late = new SimulatedViewer({ seed: 9, noiseSdPx: 0, lagMs: 200, rateHz: 30 });
    for (let t = 200; t < 5000; t += 50) expect(late.sampleAt(t, grid)).toEqual(now.sampleAt(t - 200, grid));
  });
});

describe('SimulatedGazeSource', () => {
  afterEach(() => vi.useRealTimers());

  it('emits at the configured rate on the given targets', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const target: GazeTarget = { x: 100, y: 100, w: 200, h: 100, kind: 'tile', row: 1, column: 1 };
    const source = new SimulatedGazeSource({ seed: 1, rateHz: 20, noiseSdPx: 0, lagMs: 0, getTargets: () => [target] });
    const got: GazeSample[] = [];
    source.subscribe((s) => got.push(s));
    await source.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(got.length).toBeGreaterThanOrEqual(20);
    expect(got.length).toBeLessThanOrEqual(21);
    for (const s of got) {
      expect(s.x).toBeGreaterThanOrEqual(100);
      expect(s.x).toBeLessThanOrEqual(300);
      expect(s.source).toBe('simulated');
    }
    await source.stop();
    const n = got.length;
    await vi.advanceTimersByTimeAsync(500);
    expect(got.length).toBe(n);
  });

  it('rejects a bad rate with a message naming it', () => {
    expect(() => new SimulatedGazeSource({ rateHz: 0 })).toThrow(/rate must be > 0 Hz/);
  });
});
