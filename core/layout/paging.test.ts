import { describe, expect, it } from 'vitest';
import { slideStrip } from './slide.ts';
import { canSwipe, nextOffset, pageOf, visiblePositions } from './paging.ts';

const recgaze = { itemsPerRow: 15, visibleCount: 5, pageStep: 5, wrap: true };

describe('nextOffset()', () => {
  it('pages by 5 and wraps around after positions 11–15', () => {
    expect([0, 5, 10].map((o) => nextOffset(o, 'forward', recgaze))).toEqual([5, 10, 0]);
    expect(nextOffset(0, 'backward', recgaze)).toBe(10);
  });
  it('clamps at the ends without wrap', () => {
    const layout = { itemsPerRow: 10, visibleCount: 4, pageStep: 4, wrap: false };
    expect(nextOffset(4, 'forward', layout)).toBe(6);
    expect(nextOffset(6, 'forward', layout)).toBe(6);
    expect(canSwipe(6, 'forward', layout)).toBe(false);
    expect(canSwipe(0, 'backward', layout)).toBe(false);
  });
});

describe('visiblePositions() and pageOf()', () => {
  it('gives RecGaze positions 5·(page−1) + column', () => {
    expect(visiblePositions(10, recgaze)).toEqual([11, 12, 13, 14, 15]);
    expect(pageOf(10, recgaze)).toBe(3);
  });
  it('wraps a partial last page to the start of the row', () => {
    expect(visiblePositions(8, { itemsPerRow: 10, visibleCount: 4, pageStep: 4, wrap: true })).toEqual([9, 10, 1, 2]);
  });
});

describe('slideStrip()', () => {
  const recgaze = { itemsPerRow: 15, visibleCount: 5, wrap: true };
  it('slides forward from page 1 to 2 over items 1–10, 5 tiles to the left', () => {
    expect(slideStrip(0, 5, 'forward', recgaze)).toEqual({ items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], startShift: 0, endShift: 5 });
  });
  it('wraps forward from page 3 to page 1 and backward from page 1 to page 3', () => {
    expect(slideStrip(10, 0, 'forward', recgaze).items).toEqual([10, 11, 12, 13, 14, 0, 1, 2, 3, 4]);
    expect(slideStrip(0, 10, 'backward', recgaze)).toEqual({ items: [10, 11, 12, 13, 14, 0, 1, 2, 3, 4], startShift: 5, endShift: 0 });
  });
  it('slides only as far as a clamped row moves', () => {
    const clamped = { itemsPerRow: 12, visibleCount: 5, wrap: false };
    expect(slideStrip(5, 7, 'forward', clamped)).toEqual({ items: [5, 6, 7, 8, 9, 10, 11], startShift: 0, endShift: 2 });
  });
});
