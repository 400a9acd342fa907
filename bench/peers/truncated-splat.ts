// A peer for the benchmark, not app code: the usual way to draw a fixation heatmap on a grid —
// every fixation adds its weight × a normalised 2-D Gaussian evaluated at the cell centres within
// 3σ (a precomputed kernel stamped around the point's cell). O(points × (6σ / cell)²), where the
// app's computeHeatmap is O(points + cells × 6σ / cell) (bilinear binning, then a separable blur).
import type { HeatmapPoints } from '../../analysis/heatmap.ts';

export interface SplatGrid {
  cols: number;
  rows: number;
  data: Float32Array;
  max: number;
}

export function truncatedSplat(points: HeatmapPoints, opts: { cellPx: number; sigmaPx: number; width: number; height: number }): SplatGrid {
  const cols = Math.ceil(opts.width / opts.cellPx);
  const rows = Math.ceil(opts.height / opts.cellPx);
  const data = new Float32Array(cols * rows);
  const s = opts.sigmaPx / opts.cellPx;
  const r = Math.max(1, Math.ceil(3 * s));
  const size = 2 * r + 1;
  // kernel for a point at a cell centre, normalised to sum 1 (like the app's blur)
  const kernel = new Float32Array(size * size);
  let sum = 0;
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const v = Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
      kernel[(dy + r) * size + dx + r] = v;
      sum += v;
    }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  for (let i = 0; i < points.x.length; i++) {
    const w = points.durationMs[i]!;
    const cx = Math.floor(points.x[i]! / opts.cellPx);
    const cy = Math.floor(points.y[i]! / opts.cellPx);
    if (!(w > 0) || !(cx >= 0 && cy >= 0 && cx < cols && cy < rows)) continue;
    const y0 = Math.max(0, cy - r);
    const y1 = Math.min(rows - 1, cy + r);
    const x0 = Math.max(0, cx - r);
    const x1 = Math.min(cols - 1, cx + r);
    for (let y = y0; y <= y1; y++) {
      const krow = (y - cy + r) * size - cx + r;
      const drow = y * cols;
      for (let x = x0; x <= x1; x++) data[drow + x] = data[drow + x]! + w * kernel[krow + x]!;
    }
  }
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  return { cols, rows, data, max };
}
