import { describe, expect, it } from 'vitest';
import {
  extractGaze,
  fillGaps,
  medianInterval,
  medianSmooth,
  preprocessGaze,
  quantilesInPlace,
  quantileSorted,
  resample,
  type GazeTrace,
} from './preprocess.ts';
import type { GazeEvent, RecordedEvent } from '../core/events.ts';

const gaze = (t: number, x: number | null, y: number | null): GazeEvent => ({ kind: 'gaze', t, x, y, source: 'simulated' });

function trace(ts: number[], xs: (number | null)[], ys?: (number | null)[]): GazeTrace {
  return extractGaze(ts.map((t, i) => gaze(t, xs[i]!, (ys ?? xs)[i]!)));
}

describe('extractGaze()', () => {
  it('marks null and out-of-viewport samples invalid and carries scrollY', () => {
    const events: RecordedEvent[] = [
      { kind: 'layout', t: 0, reason: 'load', viewport: { w: 1000, h: 800, dpr: 1 }, scrollY: 0, pages: [], offsets: [], boxes: [] },
      gaze(0, 10, 10),
      gaze(33, null, null),
      { kind: 'scroll', t: 50, scrollY: 120 },
      gaze(66, 1200, 10),
      gaze(100, 500, 799),
    ];
    const tr = extractGaze(events);
    expect(Array.from(tr.valid)).toEqual([1, 0, 0, 1]);
    expect(Array.from(tr.scrollY)).toEqual([0, 0, 120, 120]);
    expect(Number.isNaN(tr.x[1]!)).toBe(true);
  });
});

describe('fillGaps()', () => {
  it('interpolates a gap of at most 75 ms and leaves a longer one invalid', () => {
    // Valid at 0 and 66 (gap 66 ms) → filled; valid at 66 and 200 (gap 134 ms) → not filled.
    const tr = fillGaps(trace([0, 33, 66, 100, 133, 166, 200], [0, null, 66, null, null, null, 200]), 75);
    expect(Array.from(tr.valid)).toEqual([1, 1, 1, 0, 0, 0, 1]);
    expect(tr.x[1]).toBeCloseTo(33, 4);
  });
});

describe('medianSmooth()', () => {
  it('removes a single-sample spike without crossing invalid samples', () => {
    const tr = medianSmooth(trace([0, 1, 2, 3, 4, 5], [10, 10, 500, 10, 10, null]), 3);
    expect(Array.from(tr.x.slice(0, 5))).toEqual([10, 10, 10, 10, 10]);
    expect(tr.valid[5]).toBe(0);
  });
});

describe('resample()', () => {
  it('returns a fixed-rate grid with linear interpolation when samples are irregular', () => {
    const tr = resample(trace([0, 20, 55, 90, 100], [0, 20, 55, 90, 100]), 50, 75);
    expect(Array.from(tr.t)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(Array.from(tr.x).map((v) => Math.round(v))).toEqual([0, 20, 40, 60, 80, 100]);
    expect(tr.intervalMs).toBe(20);
  });

  it('marks grid times inside a long gap invalid', () => {
    const tr = resample(trace([0, 10, 300, 310], [1, 1, 2, 2]), 20, 75);
    const invalidTimes = Array.from(tr.t).filter((_, i) => !tr.valid[i]);
    expect(invalidTimes).toEqual([50, 100, 150, 200, 250]);
  });
});

describe('medianInterval()', () => {
  it('returns the median sample interval', () => {
    expect(medianInterval(new Float64Array([0, 30, 70, 100, 200]))).toBe(35);
  });
});

describe('preprocessGaze()', () => {
  it('returns a 30 Hz trace when samples arrive at irregular webcam times', () => {
    const events = Array.from({ length: 100 }, (_, i) => gaze(i * 40 + (i % 3) * 5, 100 + i, 200));
    const tr = preprocessGaze(events);
    expect(tr.intervalMs).toBeCloseTo(1000 / 30, 6);
    expect(tr.t.length).toBe(Math.floor((99 * 40) / (1000 / 30)) + 1);
    expect(tr.valid.every((v) => v === 1)).toBe(true);
  });

  it('keeps a slow tracker continuous (4 Hz) but still breaks a fast one at a lost stretch', () => {
    const slow = Array.from({ length: 12 }, (_, i) => gaze(i * 250 + (i % 2) * 30, 300, 200));
    expect(preprocessGaze(slow).valid.every((v) => v === 1)).toBe(true);
    // 60 Hz with 150 ms lost in the middle: still a gap (two intervals are 33 ms < 75 ms).
    const fast = [
      ...Array.from({ length: 30 }, (_, i) => gaze(i * 16.7, 300, 200)),
      ...Array.from({ length: 30 }, (_, i) => gaze(650 + i * 16.7, 300, 200)),
    ];
    const tr = preprocessGaze(fast);
    expect(tr.valid.some((v) => v === 0)).toBe(true);
  });
});

describe('quantilesInPlace()', () => {
  it('returns what sorting and quantileSorted return, for arrays with many equal values', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Float64Array.from({ length: n }, () => (rnd() < 0.7 ? 33.3 : Math.round(rnd() * 100) / 2));
      const sorted = values.slice().sort();
      const qs = [0.25, 0.5, 0.75];
      expect(quantilesInPlace(values.slice(), qs)).toEqual(qs.map((q) => quantileSorted(sorted, q)));
    }
  });
});
