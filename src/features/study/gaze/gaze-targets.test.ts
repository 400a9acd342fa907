import { describe, expect, it } from 'vitest';
import { calibrationTargets, samplesPerDot, validationTargets } from './gaze-targets.ts';

describe('calibrationTargets()', () => {
  it('spans 10%..90% of the viewport row by row', () => {
    const t = calibrationTargets({ cols: 3, rows: 3 }, 1000, 500);
    expect(t).toHaveLength(9);
    expect(t[0]).toEqual({ x: 100, y: 50 });
    expect(t[4]).toEqual({ x: 500, y: 250 });
    expect(t[8]).toEqual({ x: 900, y: 450 });
  });
  it('puts a single column in the middle', () => {
    expect(calibrationTargets({ cols: 1, rows: 2 }, 1000, 500).map((p) => p.x)).toEqual([500, 500]);
  });
});

describe('validationTargets()', () => {
  it('keeps validation dots away from calibration dots', () => {
    const cal = calibrationTargets({ cols: 3, rows: 3 }, 1920, 1080);
    const val = validationTargets(5, cal, 1920, 1080);
    expect(val).toHaveLength(5);
    for (const v of val) for (const c of cal) expect(Math.hypot(v.x - c.x, v.y - c.y)).toBeGreaterThanOrEqual(0.08 * 1080);
  });
  it('gives as many points as asked up to 13', () => {
    const cal = calibrationTargets({ cols: 7, rows: 7 }, 1920, 1080);
    expect(validationTargets(13, cal, 1920, 1080)).toHaveLength(13);
  });
});

describe('samplesPerDot()', () => {
  it('keeps the total within the 50 samples WebGazer retains', () => {
    expect(samplesPerDot(4, 9)).toBe(4);
    expect(samplesPerDot(10, 9)).toBe(5);
    expect(samplesPerDot(10, 49)).toBe(1);
  });
});
