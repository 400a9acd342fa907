import { describe, expect, it } from 'vitest';
import { bandScale, barDomain, barsPath, formatTick, linearScale, lineSegments, niceTicks, rampColour } from './chart-scale.ts';

describe('niceTicks()', () => {
  it('returns 1/2/5 × 10^k steps covering the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 0.37, 4)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(-3, 7, 5)).toEqual([-2, 0, 2, 4, 6]);
  });
  it('returns one tick for an empty range and none for non-finite input', () => {
    expect(niceTicks(4, 4)).toEqual([4]);
    expect(niceTicks(NaN, 4)).toEqual([]);
  });
});

describe('linearScale()', () => {
  it('maps domain ends onto range ends (inverted y axis)', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(100)).toBe(0);
    expect(y(25)).toBe(150);
  });
  it('maps everything to the range start for a zero-width domain', () => {
    expect(linearScale([3, 3], [10, 20])(99)).toBe(10);
  });
});

describe('barDomain()', () => {
  it('returns a domain including 0 and widened to whole ticks, ignoring NaN', () => {
    expect(barDomain([3, 7.5, NaN])).toEqual([0, 8]);
    const [lo, hi] = barDomain([-0.62, -0.31]);
    expect(hi).toBe(0);
    expect(lo).toBeLessThanOrEqual(-0.62);
    expect(barDomain([])).toEqual([0, 1]);
  });
});

describe('bandScale()', () => {
  it('returns equal bands with the padding split on both sides', () => {
    const b = bandScale(4, [0, 400], 0.2);
    expect(b.width).toBe(80);
    expect(b.x(0)).toBe(10);
    expect(b.x(3)).toBe(310);
  });
});

describe('lineSegments()', () => {
  it('returns separate polylines around missing values', () => {
    expect(
      lineSegments(
        [1, 2, NaN, 4],
        (i) => i,
        (v) => v * 10,
      ),
    ).toEqual(['0,10 1,20', '3,40']);
  });
});

describe('formatTick() / rampColour()', () => {
  it('returns short labels', () => {
    expect(formatTick(12000)).toBe('12k');
    expect(formatTick(0.12345)).toBe('0.123');
    expect(formatTick(7)).toBe('7');
  });
  it('returns transparent for NaN and clamps t', () => {
    expect(rampColour(NaN)).toBe('transparent');
    expect(rampColour(2)).toBe(rampColour(1));
    expect(rampColour(0)).not.toBe(rampColour(1));
  });
});

describe('barsPath()', () => {
  it('returns one closed rectangle per non-zero finite value, going down for negatives', () => {
    const y = linearScale([-10, 10], [100, 0]);
    expect(barsPath([10, NaN, 0, -5], (i) => i * 10, 4, y)).toBe('M0 0h4v50h-4ZM30 50h4v25h-4Z');
  });
});
