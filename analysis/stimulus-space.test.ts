import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLayoutTimeline, rowAtY, stateAt, stateBoxes } from './aoi-mapping.ts';
import { buildLayoutEvent, recgazePageSpec } from '../core/layout/layout-boxes.ts';
import { aoiCentreOnCanvas, tileNormToCanvas, toCanvas, toTileNorm } from './stimulus-space.ts';
import { designToCanvas, documentToDesign, viewportPoint, viewportToDocument } from '../core/coordinates.ts';

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
    const box = stateBoxes(s).find((b) => b.kind === 'tile' && b.row === 1 && b.column === 1)!;
    expect(toCanvas(s, viewportPoint(box.x, box.y), 0)).toEqual({ x: original.get('1,1')!.x, y: original.get('1,1')!.y });
  });

  it('returns the original page-2 coordinates when a smaller viewport is scrolled and row 3 is on page 2', () => {
    const offsets = Array(10).fill(0);
    offsets[2] = 5;
    const scrollY = 300;
    const s = stateFor(1280, 720, offsets, scrollY);
    const box = stateBoxes(s).find((b) => b.kind === 'tile' && b.row === 3 && b.column === 1)!;
    expect(box.position).toBe(6);
    const p = toCanvas(s, viewportPoint(box.x, box.y - scrollY), scrollY);
    const want = original.get('3,6')!;
    expect(Math.abs(p.x - want.x)).toBeLessThan(1);
    expect(Math.abs(p.y - want.y)).toBeLessThan(1);
  });
  it('is the core conversions viewport → document → design → canvas, on the page of the row under the point', () => {
    const offsets = [0, 5, 10, 0, 5, 10, 0, 5, 10, 0];
    const scrollY = 410;
    const s = stateFor(1366, 768, offsets, scrollY);
    for (let i = 0; i < 200; i++) {
      const p = viewportPoint((i * 37) % 1366, (i * 53) % 768);
      const doc = viewportToDocument(p, scrollY);
      const row = rowAtY(s, doc.y);
      const want = designToCanvas(documentToDesign(doc, 1366), row === null ? 1 : s.pages[row - 1]!);
      const got = toCanvas(s, p, scrollY);
      expect(got.x).toBeCloseTo(want.x, 9);
      expect(got.y).toBeCloseTo(want.y, 9);
    }
  });
});

describe('toTileNorm()', () => {
  it('returns (row, position, u, v) that map back to the same canvas point at another viewport', () => {
    const offsets = Array(10).fill(0);
    offsets[2] = 5;
    const s = stateFor(1366, 768, offsets, 250);
    const box = stateBoxes(s).find((b) => b.kind === 'tile' && b.row === 3 && b.column === 2)!;
    const x = box.x + box.w * 0.25;
    const y = box.y + box.h * 0.75 - 250;
    const n = toTileNorm(s, viewportPoint(x, y), 250)!;
    expect(n).toMatchObject({ kind: 'tile', row: 3, position: 7, column: 2 });
    expect(n.u).toBeCloseTo(0.25, 6);
    expect(n.v).toBeCloseTo(0.75, 6);
    const a = tileNormToCanvas(n, 10);
    const b = toCanvas(s, viewportPoint(x, y), 250);
    // A point scales with the width, a tile's 9-px gutter does not (the original's CSS): inside a
    // tile the two differ by at most the gutter's share, 9 × (1920 / 1366 − 1) = 3.7 px.
    expect(Math.abs(a.x - b.x)).toBeLessThanOrEqual(9 * (1920 / 1366 - 1));
    expect(Math.abs(a.y - b.y)).toBeLessThanOrEqual(9 * (1920 / 1366 - 1));
  });

  it('returns null on the background', () => {
    const s = stateFor(1920, 1080, Array(10).fill(0), 0);
    expect(toTileNorm(s, viewportPoint(5, 5), 0)).toBeNull();
  });
});

describe('aoiCentreOnCanvas()', () => {
  it('returns the centre of the aoi_data.csv box of a labelled tile and null for Background', () => {
    const c = aoiCentreOnCanvas({ type: 'Movie', row: 3, position: 6 })!;
    const corner = original.get('3,6')!;
    expect(c.x).toBeCloseTo(corner.x + 171, 6);
    expect(c.y).toBeCloseTo(corner.y + 96.5, 6);
    // aoi_data.csv's 1831–1852 × 262–283 is the original's 20-px arrow rounded outward
    const fwd = aoiCentreOnCanvas({ type: 'Forward', row: 1 })!;
    expect(Math.abs(fwd.x - (1831 + 10.5))).toBeLessThanOrEqual(0.5);
    expect(Math.abs(fwd.y - (262 + 10.5))).toBeLessThanOrEqual(0.5);
    expect(aoiCentreOnCanvas({ type: 'Background' })).toBeNull();
  });
});
