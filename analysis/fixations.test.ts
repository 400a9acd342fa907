import { describe, expect, it } from 'vitest';
import { detectFixationsIdt, detectFixationsIvt, resolveIdtParams } from './fixations.ts';
import { preprocessGaze } from './preprocess.ts';
import { createRng } from './random.ts';
import type { GazeEvent } from '../core/events.ts';

interface Truth {
  x: number;
  y: number;
  onset: number;
  durationMs: number;
}

/** 30 Hz trace of 12 fixations with 2 px jitter separated by 2-sample saccades. */
function groundTruthTrace(seed: number): { events: GazeEvent[]; truth: Truth[] } {
  const rng = createRng(seed);
  const dt = 1000 / 30;
  const events: GazeEvent[] = [];
  const truth: Truth[] = [];
  let k = 0;
  let px = 100;
  let py = 100;
  for (let f = 0; f < 12; f++) {
    let x = px;
    let y = py;
    // at least 300 px apart so the 2-sample saccade is well above any velocity threshold used here
    while (Math.hypot(x - px, y - py) < 300) {
      x = 100 + rng.next() * 1600;
      y = 100 + rng.next() * 800;
    }
    // saccade samples on the straight line between fixations
    for (let s = 1; s <= 2; s++) {
      events.push({ kind: 'gaze', t: k * dt, x: px + ((x - px) * s) / 3, y: py + ((y - py) * s) / 3, source: 'simulated' });
      k++;
    }
    const n = rng.int(5, 12);
    truth.push({ x, y, onset: k * dt, durationMs: n * dt });
    for (let s = 0; s < n; s++) {
      events.push({ kind: 'gaze', t: k * dt, x: x + rng.normal() * 2, y: y + rng.normal() * 2, source: 'simulated' });
      k++;
    }
    px = x;
    py = y;
  }
  return { events, truth };
}

describe('detectFixationsIdt()', () => {
  it('returns the ground-truth fixations when they are well separated', () => {
    for (const seed of [1, 2, 3]) {
      const { events, truth } = groundTruthTrace(seed);
      const trace = preprocessGaze(events, { medianWindow: 0 });
      const { fixations, params } = detectFixationsIdt(trace, { dispersionPx: 40, minDurationMs: 100 });
      expect(params.dispersionPx).toBe(40);
      expect(fixations).toHaveLength(truth.length);
      fixations.forEach((f, i) => {
        const g = truth[i]!;
        expect(Math.abs(f.t - g.onset)).toBeLessThanOrEqual(1000 / 30 + 1e-6);
        expect(Math.hypot(f.x - g.x, f.y - g.y)).toBeLessThan(5);
      });
    }
  });

  it('does not let a fixation span an invalid sample', () => {
    const events: GazeEvent[] = Array.from({ length: 20 }, (_, i) => ({
      kind: 'gaze',
      t: i * 33,
      x: i === 10 ? null : 500,
      y: i === 10 ? null : 500,
      source: 'simulated',
    }));
    const trace = preprocessGaze(events, { maxGapMs: 0, medianWindow: 0, resampleHz: 0 });
    const { fixations } = detectFixationsIdt(trace, { dispersionPx: 30 });
    expect(fixations.map((f) => f.samples)).toEqual([10, 9]);
  });

  it('uses max(2°, 1.5 × accuracy) as the default threshold', () => {
    expect(resolveIdtParams({ pxPerDeg: 40 }).dispersionPx).toBe(80);
    const p = resolveIdtParams({ pxPerDeg: 40, validationAccuracyPx: 100 });
    expect(p.dispersionPx).toBe(150);
    expect(p.thresholdSource).toBe('default-accuracy');
    expect(resolveIdtParams({ dispersionDeg: 1.5, pxPerDeg: 40 }).dispersionPx).toBe(60);
  });
});

describe('detectFixationsIvt()', () => {
  it('returns the ground-truth fixations when saccades are fast', () => {
    const { events, truth } = groundTruthTrace(4);
    const trace = preprocessGaze(events, { medianWindow: 0 });
    const { fixations, params } = detectFixationsIvt(trace, { velocityDegPerS: 30, pxPerDeg: 38 });
    expect(params.velocityDegPerS).toBe(30);
    expect(fixations).toHaveLength(truth.length);
    fixations.forEach((f, i) => {
      const g = truth[i]!;
      expect(Math.abs(f.t - g.onset)).toBeLessThanOrEqual(1000 / 30 + 1e-6);
      expect(Math.hypot(f.x - g.x, f.y - g.y)).toBeLessThan(5);
    });
  });
});

describe('minimum duration', () => {
  it('returns a 3-sample fixation at 30 Hz when the minimum is 100 ms', () => {
    const events: GazeEvent[] = [0, 1, 2, 3, 4, 5].map((k) => ({
      kind: 'gaze',
      t: (k * 1000) / 30,
      x: k < 3 ? 100 : 900,
      y: k < 3 ? 100 : 900,
      source: 'simulated',
    }));
    const trace = preprocessGaze(events, { medianWindow: 0 });
    expect(detectFixationsIdt(trace, { dispersionPx: 20, minDurationMs: 100 }).fixations.map((f) => f.samples)).toEqual([3, 3]);
    // I-VT: the first sample after the jump is a saccade sample, leaving 2 samples (67 ms) for the second
    expect(detectFixationsIvt(trace, { velocityDegPerS: 30, minDurationMs: 100 }).fixations.map((f) => f.samples)).toEqual([3]);
  });
});
