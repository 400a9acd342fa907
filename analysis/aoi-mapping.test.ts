import { describe, expect, it } from 'vitest';
import { buildLayoutTimeline, mapPointToAoi, rowAtY, scrollYAt, stateAt } from './aoi-mapping.ts';
import type { ScreenRows } from './dataset.ts';
import { buildLayoutEvent, recgazePageSpec } from '../core/layout/layout-boxes.ts';
import type { RecordedEvent } from '../core/events.ts';

const genres = ['Action', 'Animation', 'Comedy'];
const items = genres.map((_, r) => Array.from({ length: 15 }, (_, i) => 100 * (r + 1) + i + 1));
const rows: ScreenRows = { genres, items };
const spec = recgazePageSpec({ w: 1920, h: 1080 }, genres, items);
// At 1920 px: tiles of row r at y = 89 + 339.5·(r − 1), columns at x = 76 + 351·(c − 1), 342 × 193.
const tileY = (r: number) => 89 + 339.5 * (r - 1);
const colX = (c: number) => 76 + 351 * (c - 1);

function timeline(extra: RecordedEvent[]) {
  return buildLayoutTimeline([buildLayoutEvent(spec, 0, 'load', 0, [0, 0, 0]), ...extra], { itemsPerRow: 15, rows });
}

describe('mapPointToAoi()', () => {
  it('returns the tile under the point with row, position, column, page, movie and genre', () => {
    const hit = mapPointToAoi(timeline([]), colX(2) + 10, tileY(1) + 10, 100);
    expect(hit.strict).toEqual({ type: 'Movie', row: 1, position: 2, column: 2, page: 1, movieId: 102, genre: 'Action' });
  });

  it('returns the row below when the page has scrolled by one row', () => {
    const tl = timeline([{ kind: 'scroll', t: 500, scrollY: 339.5 }]);
    expect(mapPointToAoi(tl, colX(1) + 5, tileY(1) + 5, 400).strict.row).toBe(1);
    expect(mapPointToAoi(tl, colX(1) + 5, tileY(1) + 5, 600).strict).toMatchObject({ type: 'Movie', row: 2, position: 1, movieId: 201 });
    expect(scrollYAt(tl, 499)).toBe(0);
  });

  it('returns the items after a swipe when no new layout event follows it', () => {
    const tl = timeline([{ kind: 'swipe', t: 1000, row: 1, direction: 'forward', source: 'arrow', page: 2, offset: 5 }]);
    expect(mapPointToAoi(tl, colX(1) + 5, tileY(1) + 5, 999).strict).toMatchObject({ position: 1, page: 1, movieId: 101 });
    expect(mapPointToAoi(tl, colX(1) + 5, tileY(1) + 5, 1000).strict).toMatchObject({ position: 6, page: 2, column: 1, movieId: 106 });
    // other rows keep their page
    expect(mapPointToAoi(tl, colX(1) + 5, tileY(2) + 5, 1000).strict).toMatchObject({ position: 1, page: 1, movieId: 201 });
  });

  it('returns the state of a later layout event (wrap-around back to page 1) combined with scroll', () => {
    const tl = timeline([
      { kind: 'swipe', t: 1000, row: 2, direction: 'backward', source: 'arrow', page: 3, offset: 10 },
      buildLayoutEvent(spec, 1000, 'swipe', 0, [0, 10, 0]),
      { kind: 'scroll', t: 1500, scrollY: 200 },
      buildLayoutEvent(spec, 1500, 'scroll', 200, [0, 10, 0]),
      buildLayoutEvent(spec, 3000, 'swipe', 200, [0, 0, 0]),
    ]);
    expect(mapPointToAoi(tl, colX(5) + 5, tileY(2) - 200 + 5, 2000).strict).toMatchObject({ row: 2, position: 15, page: 3, movieId: 215 });
    expect(mapPointToAoi(tl, colX(5) + 5, tileY(2) - 200 + 5, 3000).strict).toMatchObject({ row: 2, position: 5, page: 1, movieId: 205 });
  });

  it('returns Genre and arrow AOIs', () => {
    const tl = timeline([]);
    expect(mapPointToAoi(tl, 100, 19 + 339.5 + 10, 0).strict).toEqual({ type: 'Genre', row: 2, page: 1, genre: 'Animation' });
    expect(mapPointToAoi(tl, 1840, tileY(3) + 96, 0).strict).toMatchObject({ type: 'Forward', row: 3 });
    expect(mapPointToAoi(tl, 60, tileY(1) + 96, 0).strict).toMatchObject({ type: 'Backward', row: 1 });
  });

  it('returns the closest AOI within 60 px when the strict AOI is Background', () => {
    const tl = timeline([]);
    const below = tileY(1) + 193 + 40; // 40 px under row 1's tiles, 36.5 px above row 2's title
    const a = mapPointToAoi(tl, 200, below, 0);
    expect(a.strict.type).toBe('Background');
    expect(a.closest).toMatchObject({ type: 'Genre', row: 2 });
    expect(mapPointToAoi(tl, 1000, below, 0).closest).toMatchObject({ type: 'Movie', row: 1, column: 3 });
    expect(mapPointToAoi(tl, 1000, tileY(1) + 193 + 70, 0).closest.type).toBe('Background');
  });

  it('scales the radius with the viewport width', () => {
    const small = recgazePageSpec({ w: 960, h: 540 }, genres, items);
    const tl = buildLayoutTimeline([buildLayoutEvent(small, 0, 'load', 0, [0, 0, 0])], { rows });
    // 40 reference px under the tiles = 20 px at 960: within the 30-px scaled radius; 35 px is not.
    const bottom = (tileY(1) + 193) / 2;
    expect(mapPointToAoi(tl, 500, bottom + 20, 0).closest.type).toBe('Movie');
    expect(mapPointToAoi(tl, 500, bottom + 35, 0).closest.type).toBe('Background');
  });
});

describe('rowAtY()', () => {
  it('returns the row whose band holds the point and the nearest row outside the page', () => {
    const s = stateAt(timeline([]), 0)!;
    expect(rowAtY(s, 0)).toBe(1);
    expect(rowAtY(s, 19 + 339.5 - 1)).toBe(1);
    expect(rowAtY(s, 19 + 339.5)).toBe(2);
    expect(rowAtY(s, 5000)).toBe(3);
  });
});
