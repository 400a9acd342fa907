import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLayoutTimeline, stateAt } from './aoi-mapping.ts';
import { buildLayoutEvent, recgazePageSpec } from '../core/layout/layout-boxes.ts';
import { aoiCentreOnCanvas, tileNormToCanvas, toCanvas, toTileNorm } from './stimulus-space.ts';

// Movie AOIs of the original study (first screen) on the 3-page canvas, keyed "row,position".
const original = new Map<string, { x: number; y: number }>();
for (const line of readFileSync(new URL('../stimuli/recgaze/aoi_data.csv', import.meta.url), 'utf8')
  .split('\n')
  .slice(1)) {
  const f = line.split(',');
  if (f[0] === '01' && f[2] === 'Movie') original.set(`${f[3]},${f[5]}`, { x: Number(f[7]), y: Number(f[9]) });
}

function stateFor(w: number, h: number, offsets: number[], scrollY: number) {
  const spec = recgazePageSpec({ w, h });
  return stateAt(buildLayoutTimeline([buildLayoutEvent(spec, 0, 'load', scrollY, offsets)]), 0)!;
}

describe('toCanvas()', () => {
  it('returns the aoi_data.csv corner of a tile at 1920 px with the page at the top', () => {
    const s = stateFor(1920, 1080, Array(10).fill(0), 0);
    const box = s.boxes.find((b) => b.kind === 'tile' && b.row === 1 && b.column === 1)!;
    expect(toCanvas(s, box.x, box.y, 0)).toEqual({ cx: original.get('1,1')!.x, cy: original.get('1,1')!.y });
  });

  it('returns the original page-2 coordinates when a smaller viewport is scrolled and row 3 is on page 2', () => {
    const offsets = Array(10).fill(0);
    offsets[2] = 5;
    const scrollY = 300;
    const s = stateFor(1280, 720, offsets, scrollY);
    const box = s.boxes.find((b) => b.kind === 'tile' && b.row === 3 && b.column === 1)!;
    expect(box.position).toBe(6);
    const p = toCanvas(s, box.x, box.y - scrollY, scrollY);
    const want = original.get('3,6')!;
    expect(Math.abs(p.cx - want.x)).toBeLessThan(1);
    expect(Math.abs(p.cy - want.y)).toBeLessThan(1);
  });
});

describe('toTileNorm()', () => {
  it('returns (row, position, u, v) that map back to the same canvas point at another viewport', () => {
    const offsets = Array(10).fill(0);
    offsets[2] = 5;
    const s = stateFor(1366, 768, offsets, 250);
    const box = s.boxes.find((b) => b.kind === 'tile' && b.row === 3 && b.column === 2)!;
    const x = box.x + box.w * 0.25;
    const y = box.y + box.h * 0.75 - 250;
    const n = toTileNorm(s, x, y, 250)!;
    expect(n).toMatchObject({ kind: 'tile', row: 3, position: 7, column: 2 });
    expect(n.u).toBeCloseTo(0.25, 6);
    expect(n.v).toBeCloseTo(0.75, 6);
    const a = tileNormToCanvas(n, 10);
    const b = toCanvas(s, x, y, 250);
    expect(a.cx).toBeCloseTo(b.cx, 3);
    expect(a.cy).toBeCloseTo(b.cy, 3);
  });

  it('returns null on the background', () => {
    const s = stateFor(1920, 1080, Array(10).fill(0), 0);
    expect(toTileNorm(s, 5, 5, 0)).toBeNull();
  });
});

describe('aoiCentreOnCanvas()', () => {
  it('returns the centre of the aoi_data.csv box of a labelled tile and null for Background', () => {
    const c = aoiCentreOnCanvas({ type: 'Movie', row: 3, position: 6 })!;
    const corner = original.get('3,6')!;
    expect(c.cx).toBeCloseTo(corner.x + 171, 6);
    expect(c.cy).toBeCloseTo(corner.y + 96.5, 6);
    expect(aoiCentreOnCanvas({ type: 'Forward', row: 1 })).toEqual({ cx: 1831 + 10.5, cy: 262 + 10.5 });
    expect(aoiCentreOnCanvas({ type: 'Background' })).toBeNull();
  });
});
