import { describe, expect, it } from 'vitest';
import { RECGAZE_LAYOUT } from '../../stimuli/presets.ts';
import { carouselGeometry, designTileSize } from './carousel-geometry.ts';

describe('carouselGeometry()', () => {
  it('reproduces the original boxes at 1920 px (viewport y = screen y − 87)', () => {
    const g = carouselGeometry(RECGAZE_LAYOUT, 10, 1920);
    expect([1, 2, 3, 4, 5].map((c) => g.columnLeft(c))).toEqual([76, 427, 778, 1129, 1480]);
    const screenTops = [176, 516, 855, 1195, 1534, 1874, 2213, 2553, 2892, 3232];
    screenTops.forEach((y, i) => expect(Math.abs(g.tileTop(i + 1) - (y - 87))).toBeLessThanOrEqual(1));
    expect(g.titleTop(1)).toBe(106 - 87);
    expect(g.backwardLeft).toBe(51);
    expect(g.forwardLeft).toBe(1831);
    // aoi_data.csv's arrow box (262–283) is the original's 20-px arrow rounded outward
    expect(g.arrowTop(1)).toBeGreaterThanOrEqual(262 - 87);
    expect(g.arrowTop(1) + g.arrowSize).toBeLessThanOrEqual(283 - 87);
  });
  it('keeps the original tile and arrow sizes at 1920 px (aoi_data.csv: 342 × 193 tiles; 20-px arrows)', () => {
    const g = carouselGeometry(RECGAZE_LAYOUT, 10, 1920);
    expect(g.tileWidth).toBe(342);
    expect(g.tileHeight).toBe(193);
    expect(g.arrowSize).toBe(20);
    expect(g.rowPitch).toBeCloseTo(339.5, 5);
  });
  it('scales what the original scales and keeps its px sizes at 1366 px', () => {
    const s = 1366 / 1920;
    const g = carouselGeometry(RECGAZE_LAYOUT, 10, 1366);
    // the pitch scales, the gutter does not
    expect(g.columnLeft(2) - g.columnLeft(1)).toBeCloseTo(351 * s, 5);
    expect(g.columnLeft(2) - (g.columnLeft(1) + g.tileWidth)).toBeCloseTo(9, 5);
    expect(g.tileHeight / g.tileWidth).toBeCloseTo(193 / 342, 5);
    // arrows: 20 px, 25 px outside the slider's edges
    expect(g.arrowSize).toBe(20);
    expect(g.columnLeft(1) - g.backwardLeft).toBeCloseTo(25, 5);
    expect(g.forwardLeft + 20 - 1826 * s).toBeCloseTo(25, 5);
    // the row pitch measured beside the original at 1366 × 768: 241.6 px (row 10's tile at y 2237)
    expect(g.rowPitch).toBeCloseTo(241.6, 1);
    expect(Math.abs(g.tileTop(10) - 2237)).toBeLessThanOrEqual(1);
    // and the study's tile size comes back from a tile recorded there
    const size = designTileSize({ w: g.tileWidth, h: g.tileHeight }, 1366);
    expect(size.tileWidth).toBeCloseTo(342, 5);
    expect(size.tileHeight).toBeCloseTo(193, 5);
  });
});
