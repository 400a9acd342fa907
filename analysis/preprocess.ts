// Gaze preprocessing: validity, short-gap interpolation, median smoothing and resampling to a fixed
// rate. Works on flat typed arrays (a RecGaze-scale dataset is ~3 M samples) and carries, per
// sample, the page's scrollY so later stages can place a viewport point on the document.
import type { RecordedEvent } from './types.ts';

/** Gaze samples of one screen in columnar form. x/y are viewport CSS px; NaN where invalid. */
export interface GazeTrace {
  /** ms from screen start, non-decreasing. */
  t: Float64Array;
  x: Float32Array;
  y: Float32Array;
  /** 1 = usable sample. */
  valid: Uint8Array;
  /** Page scrollY (CSS px) in effect at each sample. */
  scrollY: Float32Array;
  /** Nominal sample interval in ms (1000 / rate after resampling, median interval before). */
  intervalMs: number;
}

export interface PreprocessOptions {
  /** Gaps of invalid samples up to this long (ms between the valid samples around them) are interpolated. */
  maxGapMs?: number;
  /** Median smoothing window in samples (3 or 5); 0 or 1 = off. */
  medianWindow?: number;
  /** Resampling rate in Hz; 0 = keep the recorded timestamps. */
  resampleHz?: number;
  /** Samples this far outside the viewport (px) are still accepted (trackers overshoot a little). */
  viewportMarginPx?: number;
  /** Viewport to use when the stream has no layout event. */
  viewport?: { w: number; h: number };
}

export const PREPROCESS_DEFAULTS = {
  maxGapMs: 75,
  medianWindow: 3,
  resampleHz: 30,
  viewportMarginPx: 0,
} as const;

export interface PreprocessParams {
  maxGapMs: number;
  medianWindow: number;
  resampleHz: number;
  viewportMarginPx: number;
}

export function resolvePreprocessOptions(options: PreprocessOptions = {}): PreprocessParams {
  return {
    maxGapMs: options.maxGapMs ?? PREPROCESS_DEFAULTS.maxGapMs,
    medianWindow: options.medianWindow ?? PREPROCESS_DEFAULTS.medianWindow,
    resampleHz: options.resampleHz ?? PREPROCESS_DEFAULTS.resampleHz,
    viewportMarginPx: options.viewportMarginPx ?? PREPROCESS_DEFAULTS.viewportMarginPx,
  };
}

/**
 * Pulls the gaze samples out of a recorded event stream (assumed in time order). A sample is
 * invalid when it has no coordinates or falls outside the viewport of the latest layout event.
 */
export function extractGaze(events: readonly RecordedEvent[], options: PreprocessOptions = {}): GazeTrace {
  const margin = options.viewportMarginPx ?? PREPROCESS_DEFAULTS.viewportMarginPx;
  let n = 0;
  for (const e of events) if (e.kind === 'gaze') n++;
  const t = new Float64Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const valid = new Uint8Array(n);
  const scrollY = new Float32Array(n);
  let vw = options.viewport?.w ?? Infinity;
  let vh = options.viewport?.h ?? Infinity;
  let scroll = 0;
  let i = 0;
  for (const e of events) {
    if (e.kind === 'layout') {
      vw = e.viewport.w;
      vh = e.viewport.h;
      scroll = e.scrollY;
    } else if (e.kind === 'scroll') {
      scroll = e.scrollY;
    } else if (e.kind === 'gaze') {
      t[i] = e.t;
      scrollY[i] = scroll;
      const gx = e.x;
      const gy = e.y;
      if (gx !== null && gy !== null && gx >= -margin && gy >= -margin && gx <= vw + margin && gy <= vh + margin) {
        x[i] = gx;
        y[i] = gy;
        valid[i] = 1;
      } else {
        x[i] = NaN;
        y[i] = NaN;
      }
      i++;
    }
  }
  return { t, x, y, valid, scrollY, intervalMs: medianInterval(t) };
}

/** Median of the positive intervals between consecutive timestamps (NaN with < 2 samples). */
export function medianInterval(t: Float64Array): number {
  if (t.length < 2) return NaN;
  const d = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) d[i - 1] = t[i]! - t[i - 1]!;
  d.sort();
  return quantileSorted(d, 0.5);
}

/** Linear-interpolated quantile of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  return a + (sorted[hi]! - a) * (pos - lo);
}

/**
 * Interpolates runs of invalid samples when the valid samples on both sides are at most maxGapMs
 * apart; longer gaps stay invalid. Returns a new trace.
 */
export function fillGaps(trace: GazeTrace, maxGapMs: number): GazeTrace {
  const { t } = trace;
  const x = trace.x.slice();
  const y = trace.y.slice();
  const valid = trace.valid.slice();
  const n = t.length;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    if (prev >= 0 && i - prev > 1 && t[i]! - t[prev]! <= maxGapMs) {
      const t0 = t[prev]!;
      const span = t[i]! - t0;
      const x0 = x[prev]!;
      const y0 = y[prev]!;
      const dx = x[i]! - x0;
      const dy = y[i]! - y0;
      for (let j = prev + 1; j < i; j++) {
        const f = span > 0 ? (t[j]! - t0) / span : 0;
        x[j] = x0 + dx * f;
        y[j] = y0 + dy * f;
        valid[j] = 1;
      }
    }
    prev = i;
  }
  return { ...trace, x, y, valid };
}

/**
 * Median filter over a centred window of valid samples; a window never reaches across an invalid
 * sample, so smoothing does not bridge tracking loss.
 */
export function medianSmooth(trace: GazeTrace, window: number): GazeTrace {
  if (window <= 1) return trace;
  const half = Math.floor(window / 2);
  const n = trace.t.length;
  const x = trace.x.slice();
  const y = trace.y.slice();
  const bx = new Float64Array(2 * half + 1);
  const by = new Float64Array(2 * half + 1);
  for (let i = 0; i < n; i++) {
    if (!trace.valid[i]) continue;
    let lo = i;
    while (lo > i - half && lo > 0 && trace.valid[lo - 1]) lo--;
    let hi = i;
    while (hi < i + half && hi < n - 1 && trace.valid[hi + 1]) hi++;
    const m = hi - lo + 1;
    if (m < 3) continue;
    for (let k = 0; k < m; k++) {
      bx[k] = trace.x[lo + k]!;
      by[k] = trace.y[lo + k]!;
    }
    x[i] = medianOfFirst(bx, m);
    y[i] = medianOfFirst(by, m);
  }
  return { ...trace, x, y };
}

function medianOfFirst(buf: Float64Array, m: number): number {
  // Insertion sort: windows are 3–5 long.
  for (let i = 1; i < m; i++) {
    const v = buf[i]!;
    let j = i - 1;
    while (j >= 0 && buf[j]! > v) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = v;
  }
  return m % 2 ? buf[(m - 1) / 2]! : (buf[m / 2 - 1]! + buf[m / 2]!) / 2;
}

/**
 * Resamples to a fixed rate starting at the first sample. A grid time between two valid samples at
 * most maxGapMs apart is linearly interpolated; otherwise it takes a valid sample within half a
 * step, else it is invalid. scrollY is the value of the latest sample at or before the grid time.
 */
export function resample(trace: GazeTrace, hz: number, maxGapMs: number): GazeTrace {
  const src = trace.t;
  const n = src.length;
  const step = 1000 / hz;
  if (n === 0) return { ...trace, intervalMs: step };
  const t0 = src[0]!;
  // 1e-9 slack: (last − first) / step is often k − ε in binary when samples sit on the grid
  const m = Math.floor((src[n - 1]! - t0) / step + 1e-9) + 1;
  const t = new Float64Array(m);
  const x = new Float32Array(m).fill(NaN);
  const y = new Float32Array(m).fill(NaN);
  const valid = new Uint8Array(m);
  const scrollY = new Float32Array(m);
  let j = 0;
  for (let k = 0; k < m; k++) {
    const tk = t0 + k * step;
    t[k] = tk;
    while (j < n - 1 && src[j + 1]! <= tk) j++;
    scrollY[k] = trace.scrollY[j]!;
    // src[j] <= tk < src[j+1] (or j is the last sample).
    const a = j;
    const b = j + 1 < n ? j + 1 : j;
    const va = trace.valid[a] === 1;
    const vb = trace.valid[b] === 1;
    const ta = src[a]!;
    const tb = src[b]!;
    if (va && vb && b !== a && tb - ta <= maxGapMs) {
      const f = tb > ta ? (tk - ta) / (tb - ta) : 0;
      x[k] = trace.x[a]! + (trace.x[b]! - trace.x[a]!) * f;
      y[k] = trace.y[a]! + (trace.y[b]! - trace.y[a]!) * f;
      valid[k] = 1;
    } else {
      const da = tk - ta;
      const db = tb - tk;
      const near = vb && b !== a && db < da ? b : va ? a : vb ? b : -1;
      if (near >= 0 && Math.abs(src[near]! - tk) <= step / 2) {
        x[k] = trace.x[near]!;
        y[k] = trace.y[near]!;
        valid[k] = 1;
      }
    }
  }
  return { t, x, y, valid, scrollY, intervalMs: step };
}

/**
 * The longest span between valid samples that still counts as continuous: maxGapMs, but never
 * less than two of the tracker's own sample intervals. A webcam tracker on a slow or busy
 * computer delivers 4–10 samples a second; with a fixed 75 ms every interval would be a gap and
 * no fixation could form (found with the synthetic participant, e2e/synthetic). 0 keeps gap
 * filling off.
 */
export function effectiveMaxGapMs(maxGapMs: number, sampleIntervalMs: number): number {
  return maxGapMs > 0 && Number.isFinite(sampleIntervalMs) ? Math.max(maxGapMs, 2 * sampleIntervalMs) : maxGapMs;
}

/** extract → fill gaps → median smoothing → resampling, with the defaults above. */
export function preprocessGaze(events: readonly RecordedEvent[], options: PreprocessOptions = {}): GazeTrace {
  const p = resolvePreprocessOptions(options);
  let trace = extractGaze(events, options);
  const maxGapMs = effectiveMaxGapMs(p.maxGapMs, trace.intervalMs);
  trace = fillGaps(trace, maxGapMs);
  trace = medianSmooth(trace, p.medianWindow);
  if (p.resampleHz > 0) trace = resample(trace, p.resampleHz, maxGapMs);
  return trace;
}

/** Number of valid samples. */
export function countValid(trace: GazeTrace): number {
  let c = 0;
  for (let i = 0; i < trace.valid.length; i++) c += trace.valid[i]!;
  return c;
}
