import { describe, expect, it } from 'vitest';
import { buildClickLog, clickLogFromImpressions, fitOepbm, fitPbm, pbmLogLikelihood } from './click-models.ts';
import { SHAPE, TINY } from './test-fixtures.ts';
import { createRng } from './random.ts';

describe('pbmLogLikelihood()', () => {
  it('returns the hand-computed click log-likelihood', () => {
    const log = clickLogFromImpressions([
      { position: 0, item: 0, clicked: true },
      { position: 1, item: 1, clicked: false },
      { position: 1, item: 0, clicked: false },
      { position: 0, item: 1, clicked: true },
    ]);
    const want = Math.log(0.8 * 0.5) + Math.log(1 - 0.4 * 0.25) + Math.log(1 - 0.4 * 0.5) + Math.log(0.8 * 0.25);
    expect(pbmLogLikelihood(log, [0.8, 0.4], [0.5, 0.25])).toBeCloseTo(want, 12);
  });
});

describe('fitPbm()', () => {
  it('returns a non-decreasing EM trace and recovers examination ratios on simulated clicks', () => {
    const rng = createRng(7);
    const trueTheta = [0.9, 0.6, 0.3];
    const trueAlpha = Array.from({ length: 40 }, () => 0.1 + 0.6 * rng.next());
    const imps = [];
    for (let i = 0; i < 30000; i++) {
      const position = i % 3;
      const item = rng.int(0, 39);
      imps.push({ position, item, clicked: rng.next() < trueTheta[position]! * trueAlpha[item]! });
    }
    const log = clickLogFromImpressions(imps);
    const fit = fitPbm(log, { maxIterations: 500, relativeTolerance: 1e-12 });
    expect(fit.converged).toBe(true);
    const tr = fit.trace!;
    for (let i = 1; i < tr.length; i++) expect(tr[i]!).toBeGreaterThanOrEqual(tr[i - 1]! - 1e-7);
    expect(fit.logLikelihood).toBeGreaterThan(pbmLogLikelihood(log, [0.5, 0.5, 0.5], Array(40).fill(0.5)));
    expect(fit.theta[1]! / fit.theta[0]!).toBeCloseTo(0.6 / 0.9, 1);
    expect(fit.theta[2]! / fit.theta[0]!).toBeCloseTo(0.3 / 0.9, 1);
  });
});

describe('fitOepbm()', () => {
  it('returns the hand-computed maximum-likelihood fit and log-likelihood', () => {
    // item 0 examined twice, clicked once → α0 = 0.5; item 1 examined once, not clicked → α1 = 0;
    // unexamined: 2 impressions, 1 click → ε = 0.5.
    const log = clickLogFromImpressions([
      { position: 0, item: 0, clicked: true, examined: true },
      { position: 1, item: 0, clicked: false, examined: true },
      { position: 0, item: 1, clicked: false, examined: true },
      { position: 1, item: 1, clicked: false, examined: false },
      { position: 1, item: 1, clicked: true, examined: false },
    ]);
    const fit = fitOepbm(log);
    expect(Array.from(fit.alpha)).toEqual([0.5, 0]);
    expect(fit.epsilon).toBe(0.5);
    expect(fit.logLikelihood).toBeCloseTo(4 * Math.log(0.5), 6);
    expect(Array.from(fit.theta)).toEqual([1, 1 / 3]);
  });
});

describe('buildClickLog()', () => {
  it('returns one impression per cell of each screen with a selection, with observed examination', () => {
    const log = buildClickLog(TINY, SHAPE);
    expect(log.clicked.length).toBe(2 * 20);
    expect(log.clicked.reduce((a, b) => a + b, 0)).toBe(2);
    expect(log.examined.reduce((a, b) => a + b, 0)).toBe(4);
    // screen A clicked (2,6) which was examined; screen B clicked (1,1) which was not
    expect(log.examined[15]).toBe(1);
    expect(log.clicked[15]).toBe(1);
    expect(log.clicked[20]).toBe(1);
    expect(log.examined[20]).toBe(0);
  });
});
