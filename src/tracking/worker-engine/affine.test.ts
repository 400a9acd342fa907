import { describe, expect, it } from 'vitest';
import { applyAffine, fitAffine, type Affine } from './affine.ts';

describe('fitAffine()', () => {
  const targets = [
    [200, 150],
    [1700, 150],
    [960, 470],
    [200, 800],
    [1700, 800],
  ] as const;

  it('recovers a known map from predictions that are scaled, sheared and shifted', () => {
    // Predictions = inverse of the map applied to the targets, so the fit must find the map.
    const truth: Affine = [1.2, 0.1, -50, -0.05, 0.9, 30];
    const pairs = targets.flatMap(([tx, ty]) => {
      // Solve truth(p) = t for p.
      const det = truth[0] * truth[4] - truth[1] * truth[3];
      const bx = tx - truth[2];
      const by = ty - truth[5];
      const x = (truth[4] * bx - truth[1] * by) / det;
      const y = (-truth[3] * bx + truth[0] * by) / det;
      return [{ x, y, targetX: tx, targetY: ty }];
    });
    const fit = fitAffine(pairs)!;
    fit.forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 6));
    for (const p of pairs) {
      const q = applyAffine(fit, p.x, p.y);
      expect(q.x).toBeCloseTo(p.targetX, 6);
      expect(q.y).toBeCloseTo(p.targetY, 6);
    }
  });

  it('averages noise away: many noisy samples per target land near the targets', () => {
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 80;
    const pairs = targets.flatMap(([tx, ty]) =>
      Array.from({ length: 40 }, () => ({ x: tx * 0.8 + 100 + noise(), y: ty - 60 + noise(), targetX: tx, targetY: ty })),
    );
    const fit = fitAffine(pairs)!;
    for (const [tx, ty] of targets) {
      const q = applyAffine(fit, tx * 0.8 + 100, ty - 60);
      expect(Math.hypot(q.x - tx, q.y - ty)).toBeLessThan(15);
    }
  });

  it('refuses fewer than three distinct targets, or targets on one line', () => {
    expect(fitAffine([{ x: 1, y: 1, targetX: 10, targetY: 10 }])).toBeNull();
    const line = [0, 1, 2, 3].map((i) => ({ x: i * 100, y: i * 100, targetX: i * 100, targetY: i * 100 }));
    expect(fitAffine(line)).toBeNull();
  });
});
