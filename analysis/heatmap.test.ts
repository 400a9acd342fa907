import { describe, expect, it } from 'vitest';
import {
  computeHeatmap,
  computeHeatmapReference,
  heatmapWeights,
  renderHeatmapRgba,
  sharedScaleMax,
  type HeatmapPoints,
} from './heatmap.ts';
import { createRng } from './random.ts';

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** Points kept ≥ 600 px from the canvas edges so the 3σ kernel never leaves the grid. */
function centralPoints(n: number, seed: number): HeatmapPoints {
  const rng = createRng(seed);
  return {
    x: Float32Array.from({ length: n }, () => 600 + rng.next() * 4560),
    y: Float32Array.from({ length: n }, () => 600 + rng.next() * 2300),
    durationMs: Float32Array.from({ length: n }, () => 100 + rng.next() * 400),
    participant: Int32Array.from({ length: n }, (_, i) => i % 3),
  };
}

describe('computeHeatmap()', () => {
  it('returns a grid whose mass equals the total weight when points are away from the edges', () => {
    const pts = centralPoints(500, 1);
    const g = computeHeatmap(pts, { cellPx: 8, sigmaPx: 50 });
    let total = 0;
    for (let i = 0; i < 500; i++) total += pts.durationMs[i]!;
    expect(g.totalWeight).toBeCloseTo(total, 3);
    expect(Math.abs(sum(g.data) - total) / total).toBeLessThan(1e-3);
    expect(g.cols).toBe(720);
    expect(g.rows).toBe(441);
  });

  it('returns a lower peak with the same mass when sigma is wider', () => {
    const pts: HeatmapPoints = { x: [2000], y: [1500], durationMs: [300] };
    const narrow = computeHeatmap(pts, { sigmaPx: 30 });
    const wide = computeHeatmap(pts, { sigmaPx: 90 });
    expect(wide.max).toBeLessThan(narrow.max);
    expect(narrow.max / wide.max).toBeGreaterThan(5); // peak ∝ 1/σ²: ≈ 9
    expect(sum(narrow.data)).toBeCloseTo(300, 1);
    expect(sum(wide.data)).toBeCloseTo(300, 1);
  });

  it('converts sigma in degrees with pxPerDeg', () => {
    expect(computeHeatmap({ x: [100], y: [100], durationMs: [1] }, { sigmaDeg: 2, pxPerDeg: 40 }).sigmaPx).toBe(80);
  });

  it('returns the same density as the per-point reference implementation', () => {
    const pts = centralPoints(20, 2);
    const opts = { cellPx: 40, sigmaPx: 120, width: 5760, height: 3526 };
    const fast = computeHeatmap(pts, opts);
    const ref = computeHeatmapReference(pts, opts);
    expect(Math.abs(fast.max - ref.max) / ref.max).toBeLessThan(0.05);
    expect(Math.abs(sum(fast.data) - sum(ref.data)) / sum(ref.data)).toBeLessThan(0.01);
  });

  it('returns mass 1 in participant mode and counts points in count mode', () => {
    const pts = centralPoints(300, 3);
    expect(sum(computeHeatmap(pts, { mode: 'participant' }).data)).toBeCloseTo(1, 3);
    expect(sum(computeHeatmap(pts, { mode: 'count' }).data)).toBeCloseTo(300, 1);
  });

  it('ignores masked-out points', () => {
    const pts = centralPoints(10, 4);
    const mask = Uint8Array.from({ length: 10 }, (_, i) => (i < 4 ? 1 : 0));
    const g = computeHeatmap(pts, { mask });
    expect(g.points).toBe(4);
  });
});

describe('heatmapWeights()', () => {
  it('returns weights that sum to 1/P per participant when normalising per participant', () => {
    const w = heatmapWeights({ x: [0, 0, 0], y: [0, 0, 0], durationMs: [100, 300, 50], participant: [0, 0, 1] }, 'participant');
    expect(Array.from(w)).toEqual([0.125, 0.375, 0.5]);
  });
});

describe('sharedScaleMax()', () => {
  it('returns the largest max of the compared grids', () => {
    const a = computeHeatmap({ x: [1000], y: [1000], durationMs: [100] });
    const b = computeHeatmap({ x: [1000], y: [1000], durationMs: [300] });
    expect(sharedScaleMax([a, b])).toBe(b.max);
  });
});

describe('renderHeatmapRgba()', () => {
  it('returns transparent pixels at zero and the hottest colour at the scale maximum', () => {
    const g = computeHeatmap({ x: [1000], y: [1000], durationMs: [100] }, { cellPx: 20, sigmaPx: 40 });
    const img = renderHeatmapRgba(g, g.max);
    expect(img.data.length).toBe(g.cols * g.rows * 4);
    expect(img.data[3]).toBe(0);
    let peak = 0;
    for (let i = 0; i < g.data.length; i++) if (g.data[i] === g.max) peak = i;
    expect(Array.from(img.data.slice(peak * 4, peak * 4 + 4))).toEqual([255, 0, 0, 235]);
    // a doubled scale halves the colour index: no longer red
    expect(renderHeatmapRgba(g, g.max * 2).data[peak * 4 + 2]).toBe(0);
    expect(renderHeatmapRgba(g, g.max * 2).data[peak * 4 + 1]).toBe(255);
  });
});
