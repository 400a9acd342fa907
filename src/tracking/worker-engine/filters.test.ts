import { describe, expect, it } from 'vitest';
import { createFilter, KalmanFilter, OneEuroFilter } from './filters.ts';

function noisy(seed: number, n: number, at: (i: number) => [number, number]): [number, number][] {
  let s = seed;
  const r = () => ((s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32 - 0.5) * 2;
  return Array.from({ length: n }, (_, i) => {
    const [x, y] = at(i);
    return [x + r() * 80, y + r() * 80];
  });
}
const spread = (pts: [number, number][]) => {
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return Math.sqrt(pts.reduce((s, p) => s + (p[0] - mx) ** 2 + (p[1] - my) ** 2, 0) / pts.length);
};

describe('gaze filters', () => {
  for (const make of [() => new KalmanFilter(), () => new OneEuroFilter()]) {
    const name = make().constructor.name;
    it(`${name} reduces the scatter of a fixation and follows a jump to a new target`, () => {
      const f = make();
      const raw = noisy(7, 120, (i) => (i < 60 ? [800, 400] : [1400, 700]));
      const out = raw.map(([x, y], i) => f.next(x, y, i * 33));
      expect(spread(out.slice(30, 60))).toBeLessThan(spread(raw.slice(30, 60)) * 0.7);
      const end = out.at(-1)!;
      expect(Math.hypot(end[0] - 1400, end[1] - 700)).toBeLessThan(60);
    });
  }

  it('none passes predictions through', () => {
    expect(createFilter('none')).toBeNull();
    expect(createFilter('kalman')).toBeInstanceOf(KalmanFilter);
    expect(createFilter('one-euro')).toBeInstanceOf(OneEuroFilter);
  });
});
