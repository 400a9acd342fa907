import { describe, expect, it } from 'vitest';
import { RECGAZE_LAYOUT } from '../../stimuli/presets.ts';
import { carouselGeometry } from './carousel-geometry.ts';

describe('carouselGeometry()', () => {
  it('reproduces the original boxes at 1920 px (viewport y = screen y − 87)', () => {
    const g = carouselGeometry(RECGAZE_LAYOUT, 10, 1920);
    expect([1, 2, 3, 4, 5].map((c) => g.columnLeft(c))).toEqual([76, 427, 778, 1129, 1480]);
    const screenTops = [176, 516, 855, 1195, 1534, 1874, 2213, 2553, 2892, 3232];
    screenTops.forEach((y, i) => expect(Math.abs(g.tileTop(i + 1) - (y - 87))).toBeLessThanOrEqual(1));
    expect(g.titleTop(1)).toBe(106 - 87);
    expect(g.backwardLeft).toBe(51);
    expect(g.forwardLeft).toBe(1831);
    expect(g.arrowTop(1)).toBeCloseTo(262 - 87, 0);
  });
  it('scales every length with the viewport width', () => {
    const g = carouselGeometry(RECGAZE_LAYOUT, 10, 1280);
    expect(g.tileWidth).toBeCloseTo(228, 5);
    expect(g.columnLeft(2)).toBeCloseTo((76 + 351) * (1280 / 1920), 5);
  });
});
