import { describe, expect, it } from 'vitest';
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
