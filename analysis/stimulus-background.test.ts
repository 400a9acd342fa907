import { describe, expect, it } from 'vitest';
import { CANVAS_HEIGHT, CANVAS_WIDTH } from '../core/coordinates.ts';
import { boxesBackground, canvasBackground } from './stimulus-background.ts';

describe('canvasBackground()', () => {
  const rects = canvasBackground();
  it('returns 3 pages × 10 rows × 5 tiles inside the 5760 × 3526 canvas', () => {
    const tiles = rects.filter((r) => r.kind === 'tile');
    expect(tiles).toHaveLength(150);
    expect(rects.filter((r) => r.kind === 'page')).toHaveLength(3);
    for (const r of rects) {
      expect(r.x + r.w).toBeLessThanOrEqual(CANVAS_WIDTH);
      expect(r.y + r.h).toBeLessThanOrEqual(CANVAS_HEIGHT);
    }
  });
  it('returns row 1 tiles at the RecGaze position (x 76, y 176 with the browser bar) labelled by position', () => {
    const first = rects.find((r) => r.kind === 'tile' && r.label === '1')!;
    expect(first).toMatchObject({ x: 76, y: 176, w: 342, h: 193 });
    const p2 = rects.find((r) => r.kind === 'tile' && r.label === '6')!;
    expect(p2.x).toBe(1920 + 76);
  });
});

describe('boxesBackground()', () => {
  it('returns titles with row labels, tiles with positions and arrows', () => {
    const out = boxesBackground(
      [
        { kind: 'title', row: 2, x: 0, y: 0, w: 10, h: 5 },
        { kind: 'tile', row: 2, column: 1, position: 7, x: 0, y: 10, w: 10, h: 5 },
        { kind: 'forward', row: 2, x: 20, y: 10, w: 3, h: 3 },
      ],
      ['Action', 'Drama'],
    );
    expect(out.map((r) => [r.kind, r.label])).toEqual([
      ['title', 'Drama'],
      ['tile', '7'],
      ['arrow', '›'],
    ]);
  });
});
