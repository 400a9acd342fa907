// Fixation heatmaps on the original 5760 × 3526 canvas: weights are accumulated linearly into a
// Float32 grid (bilinear split between the 4 nearest cell centres, so mass is kept exactly) and
// the grid is blurred with a separable, normalised Gaussian. Cost is O(points + cells × kernel),
// independent of how many fixations there are.
import { DEFAULT_PX_PER_DEG } from './fixations.ts';
import { CANVAS_HEIGHT, CANVAS_WIDTH } from '../core/coordinates.ts';

export type HeatmapMode = 'absolute' | 'participant' | 'count';

/** Fixations in canvas px, columnar. */
export interface HeatmapPoints {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Duration in ms (the weight in absolute / participant modes). */
  durationMs: ArrayLike<number>;
  /** Participant index per point (participant mode). */
  participant?: ArrayLike<number>;
}

export interface HeatmapOptions {
  mode?: HeatmapMode;
  /** Canvas px per grid cell. */
  cellPx?: number;
  /** Gaussian σ in canvas px; wins over sigmaDeg. */
  sigmaPx?: number;
  sigmaDeg?: number;
  /** Canvas px per degree (at the 1920-px reference width). */
  pxPerDeg?: number;
  width?: number;
  height?: number;
  /** Only points with mask[i] = 1 count. */
  mask?: ArrayLike<number>;
}

export interface HeatmapGrid {
  cols: number;
  rows: number;
  cellPx: number;
  width: number;
  height: number;
  sigmaPx: number;
  mode: HeatmapMode;
  /** Row-major density (per cell); absolute mode is in ms, participant mode sums to ≈1. */
  data: Float32Array;
  /** Sum of the weights put in (before edge losses). */
  totalWeight: number;
  max: number;
  points: number;
}

export const HEATMAP_DEFAULTS = { mode: 'absolute', cellPx: 8, sigmaDeg: 1.5 } as const;

interface ResolvedHeatmap {
  mode: HeatmapMode;
  cellPx: number;
  sigmaPx: number;
  width: number;
  height: number;
  cols: number;
  rows: number;
}

function resolve(options: HeatmapOptions): ResolvedHeatmap {
  const cellPx = options.cellPx ?? HEATMAP_DEFAULTS.cellPx;
  if (!(cellPx > 0)) throw new Error(`heatmap cellPx must be > 0, got ${cellPx}`);
  const sigmaPx = options.sigmaPx ?? (options.sigmaDeg ?? HEATMAP_DEFAULTS.sigmaDeg) * (options.pxPerDeg ?? DEFAULT_PX_PER_DEG);
  if (!(sigmaPx > 0)) throw new Error(`heatmap sigma must be > 0 px, got ${sigmaPx}`);
  const width = options.width ?? CANVAS_WIDTH;
  const height = options.height ?? CANVAS_HEIGHT;
  return {
    mode: options.mode ?? HEATMAP_DEFAULTS.mode,
    cellPx,
    sigmaPx,
    width,
    height,
    cols: Math.ceil(width / cellPx),
    rows: Math.ceil(height / cellPx),
  };
}

/** Per-point weights for a mode; participant mode makes each participant's weights sum to 1/P. */
export function heatmapWeights(points: HeatmapPoints, mode: HeatmapMode, mask?: ArrayLike<number>): Float64Array {
  const n = points.x.length;
  const w = new Float64Array(n);
  if (mode === 'count') {
    for (let i = 0; i < n; i++) w[i] = mask && !mask[i] ? 0 : 1;
    return w;
  }
  for (let i = 0; i < n; i++) w[i] = mask && !mask[i] ? 0 : points.durationMs[i]!;
  if (mode === 'participant') {
    const part = points.participant;
    if (!part) throw new Error('participant mode needs points.participant');
    const totals = new Map<number, number>();
    for (let i = 0; i < n; i++) if (w[i]! > 0) totals.set(part[i]!, (totals.get(part[i]!) ?? 0) + w[i]!);
    const p = totals.size;
    for (let i = 0; i < n; i++) if (w[i]! > 0) w[i] = w[i]! / totals.get(part[i]!)! / p;
  }
  return w;
}

export function gaussianKernel(sigmaCells: number): Float32Array {
  const radius = Math.max(1, Math.ceil(3 * sigmaCells));
  const k = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigmaCells * sigmaCells));
    k[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] = k[i]! / sum;
  return k;
}

/** In-place separable blur (zero outside the grid). */
function blur(data: Float32Array, cols: number, rows: number, kernel: Float32Array): void {
  const r = (kernel.length - 1) / 2;
  const line = new Float32Array(Math.max(cols, rows));
  for (let y = 0; y < rows; y++) {
    const base = y * cols;
    let any = false;
    for (let x = 0; x < cols; x++) {
      const v = data[base + x]!;
      line[x] = v;
      if (v !== 0) any = true;
    }
    if (!any) continue;
    for (let x = 0; x < cols; x++) {
      const lo = x - r < 0 ? r - x : 0;
      const hi = x + r >= cols ? r + (cols - 1 - x) : 2 * r;
      let s = 0;
      for (let k = lo; k <= hi; k++) s += line[x - r + k]! * kernel[k]!;
      data[base + x] = s;
    }
  }
  for (let x = 0; x < cols; x++) {
    for (let y = 0; y < rows; y++) line[y] = data[y * cols + x]!;
    for (let y = 0; y < rows; y++) {
      const lo = y - r < 0 ? r - y : 0;
      const hi = y + r >= rows ? r + (rows - 1 - y) : 2 * r;
      let s = 0;
      for (let k = lo; k <= hi; k++) s += line[y - r + k]! * kernel[k]!;
      data[y * cols + x] = s;
    }
  }
}

/** Duration-weighted (or count) fixation density on the canvas grid. */
export function computeHeatmap(points: HeatmapPoints, options: HeatmapOptions = {}): HeatmapGrid {
  const o = resolve(options);
  const w = heatmapWeights(points, o.mode, options.mask);
  const data = new Float32Array(o.cols * o.rows);
  const inv = 1 / o.cellPx;
  let total = 0;
  let used = 0;
  const n = points.x.length;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (!(wi > 0)) continue;
    // position in cell units relative to cell centres
    const gx = points.x[i]! * inv - 0.5;
    const gy = points.y[i]! * inv - 0.5;
    if (!(gx > -1 && gy > -1 && gx < o.cols && gy < o.rows)) continue;
    total += wi;
    used++;
    const x0 = Math.floor(gx);
    const y0 = Math.floor(gy);
    const fx = gx - x0;
    const fy = gy - y0;
    // Bilinear split; parts falling off the grid edge are moved onto the edge cell.
    const xa = x0 < 0 ? 0 : x0;
    const xb = x0 + 1 >= o.cols ? o.cols - 1 : x0 + 1;
    const ya = y0 < 0 ? 0 : y0;
    const yb = y0 + 1 >= o.rows ? o.rows - 1 : y0 + 1;
    const ia = ya * o.cols;
    const ib = yb * o.cols;
    data[ia + xa] = data[ia + xa]! + wi * (1 - fx) * (1 - fy);
    data[ia + xb] = data[ia + xb]! + wi * fx * (1 - fy);
    data[ib + xa] = data[ib + xa]! + wi * (1 - fx) * fy;
    data[ib + xb] = data[ib + xb]! + wi * fx * fy;
  }
  blur(data, o.cols, o.rows, gaussianKernel(o.sigmaPx / o.cellPx));
  return finish(data, o, total, used);
}

function finish(data: Float32Array, o: ResolvedHeatmap, totalWeight: number, points: number): HeatmapGrid {
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  return {
    cols: o.cols,
    rows: o.rows,
    cellPx: o.cellPx,
    width: o.width,
    height: o.height,
    sigmaPx: o.sigmaPx,
    mode: o.mode,
    data,
    totalWeight,
    max,
    points,
  };
}

/**
 * Straightforward reference: every point adds a normalised 2-D Gaussian evaluated at every cell
 * centre of the full grid. O(points × cells); only the benchmark uses it, to report a speed ratio.
 */
export function computeHeatmapReference(points: HeatmapPoints, options: HeatmapOptions = {}): HeatmapGrid {
  const o = resolve(options);
  const w = heatmapWeights(points, o.mode, options.mask);
  const data = new Float32Array(o.cols * o.rows);
  const s = o.sigmaPx / o.cellPx;
  const norm = 1 / (2 * Math.PI * s * s);
  const twoS2 = 2 * s * s;
  let total = 0;
  let used = 0;
  for (let i = 0; i < points.x.length; i++) {
    const wi = w[i]!;
    if (!(wi > 0)) continue;
    const gx = points.x[i]! / o.cellPx;
    const gy = points.y[i]! / o.cellPx;
    total += wi;
    used++;
    for (let y = 0; y < o.rows; y++) {
      const dy = y + 0.5 - gy;
      for (let x = 0; x < o.cols; x++) {
        const dx = x + 0.5 - gx;
        const c = y * o.cols + x;
        data[c] = data[c]! + wi * norm * Math.exp(-(dx * dx + dy * dy) / twoS2);
      }
    }
  }
  return finish(data, o, total, used);
}

/** Common colour-scale maximum for grids that are shown side by side. */
export function sharedScaleMax(grids: readonly HeatmapGrid[]): number {
  let m = 0;
  for (const g of grids) if (g.max > m) m = g.max;
  return m;
}

/** Colour stops [position 0..1, r, g, b, a] → 256-entry RGBA lookup table. */
export function paletteFromStops(stops: readonly (readonly [number, number, number, number, number])[]): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const p = i / 255;
    let j = 0;
    while (j < stops.length - 2 && stops[j + 1]![0] < p) j++;
    const a = stops[j]!;
    const b = stops[Math.min(j + 1, stops.length - 1)]!;
    const f = b[0] > a[0] ? Math.min(1, Math.max(0, (p - a[0]) / (b[0] - a[0]))) : 0;
    for (let c = 1; c <= 4; c++) lut[i * 4 + c - 1] = a[c]! + (b[c]! - a[c]!) * f;
  }
  return lut;
}

/** Transparent → blue → cyan → green → yellow → red, alpha rising with density. */
export const HEAT_PALETTE = paletteFromStops([
  [0, 0, 0, 255, 0],
  [0.05, 0, 0, 255, 90],
  [0.3, 0, 255, 255, 150],
  [0.5, 0, 255, 0, 180],
  [0.75, 255, 255, 0, 210],
  [1, 255, 0, 0, 235],
]);

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Grid → RGBA pixels (one pixel per cell), values scaled by scaleMax and clamped. */
export function renderHeatmapRgba(grid: HeatmapGrid, scaleMax: number = grid.max, palette: Uint8ClampedArray = HEAT_PALETTE): RgbaImage {
  if (palette.length !== 1024) throw new Error(`palette must have 256 RGBA entries (1024 bytes), got ${palette.length}`);
  const n = grid.cols * grid.rows;
  const out = new Uint8ClampedArray(n * 4);
  const k = scaleMax > 0 ? 255 / scaleMax : 0;
  for (let i = 0; i < n; i++) {
    let idx = Math.round(grid.data[i]! * k);
    if (idx > 255) idx = 255;
    else if (!(idx > 0)) idx = 0;
    out[i * 4] = palette[idx * 4]!;
    out[i * 4 + 1] = palette[idx * 4 + 1]!;
    out[i * 4 + 2] = palette[idx * 4 + 2]!;
    out[i * 4 + 3] = palette[idx * 4 + 3]!;
  }
  return { width: grid.cols, height: grid.rows, data: out };
}
