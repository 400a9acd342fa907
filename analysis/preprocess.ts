// Gaze preprocessing: validity, short-gap interpolation, median smoothing and resampling to a fixed
// rate. Works on flat typed arrays (a RecGaze-scale dataset is ~3 M samples) and carries, per
// sample, the page's scrollY so later stages can place a viewport point on the document.
import type { RecordedEvent } from '../core/events.ts';
import { screenColumns } from './screen-columns.ts';
import type { ScreenColumns } from '../core/screen-columns.ts';

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
 * Arrays reused from screen to screen by a run over many screens: a trace made with them is valid
 * until the next screen's (a study's ~3,500 screens otherwise allocate ~40,000 short-lived arrays,
 * and their garbage collection was a sizeable part of the pipeline).
 */
export class TraceBuffers {
  private store = new Map<string, Float64Array | Float32Array | Uint8Array>();
  private take<A extends Float64Array | Float32Array | Uint8Array>(key: string, n: number, make: (n: number) => A): A {
    let a = this.store.get(key) as A | undefined;
    if (!a || a.length < n) this.store.set(key, (a = make(Math.max(n, 2 * (a?.length ?? 0)))));
    return a.subarray(0, n) as A;
  }
  f32(key: string, n: number): Float32Array {
    return this.take(key, n, (k) => new Float32Array(k));
  }
  f64(key: string, n: number): Float64Array {
    return this.take(key, n, (k) => new Float64Array(k));
  }
  u8(key: string, n: number): Uint8Array {
    return this.take(key, n, (k) => new Uint8Array(k));
  }
}

/**
 * The gaze samples of a screen as a trace. A sample is invalid when it has no coordinates or falls
 * outside the viewport of the layout in effect at its time; scrollY is the one in effect at its
 * time (the latest layout or scroll event at or before it). `intervalMs`: the median sample
 * interval when the caller has it already (computed otherwise).
 */
export function gazeTrace(c: ScreenColumns, options: PreprocessOptions = {}, intervalMs?: number, buffers?: TraceBuffers): GazeTrace {
  const margin = options.viewportMarginPx ?? PREPROCESS_DEFAULTS.viewportMarginPx;
  const g = c.gaze;
  const n = g.t.length;
  const t = g.t;
  const x = buffers ? buffers.f32('gx', n) : new Float32Array(n);
  const y = buffers ? buffers.f32('gy', n) : new Float32Array(n);
  const valid = buffers ? buffers.u8('gv', n) : new Uint8Array(n);
  const scrollY = buffers ? buffers.f32('gs', n) : new Float32Array(n);
  const L = c.layouts;
  const S = c.scroll;
  let vw = options.viewport?.w ?? Infinity;
  let vh = options.viewport?.h ?? Infinity;
  let scroll = 0;
  let li = 0;
  let si = 0;
  for (let i = 0; i < n; i++) {
    const ti = t[i]!;
    while (li < L.t.length && L.t[li]! <= ti) {
      vw = L.vw[li]!;
      vh = L.vh[li]!;
      li++;
    }
    while (si < S.t.length && S.t[si]! <= ti) scroll = S.y[si++]!;
    scrollY[i] = scroll;
    const gx = g.x[i]!;
    const gy = g.y[i]!;
    if (gx >= -margin && gy >= -margin && gx <= vw + margin && gy <= vh + margin) {
      x[i] = gx;
      y[i] = gy;
      valid[i] = 1;
    } else {
      x[i] = NaN;
      y[i] = NaN;
      valid[i] = 0;
    }
  }
  return { t, x, y, valid, scrollY, intervalMs: intervalMs ?? medianInterval(t) };
}

/** gazeTrace of a recorded event stream (any order). */
export function extractGaze(events: readonly RecordedEvent[], options: PreprocessOptions = {}): GazeTrace {
  return gazeTrace(screenColumns(events), options);
}

/** Median of the intervals between consecutive timestamps (NaN with < 2 samples). */
export function medianInterval(t: Float64Array): number {
  if (t.length < 2) return NaN;
  const d = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) d[i - 1] = t[i]! - t[i - 1]!;
  return quantilesInPlace(d, [0.5])[0]!;
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
 * quantileSorted of each of the ascending `qs` without sorting: `values` (no NaN) is reordered in
 * place by selection, O(n) per quantile instead of a sort per screen.
 */
export function quantilesInPlace(values: Float64Array, qs: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return qs.map(() => NaN);
  let left = 0;
  return qs.map((q) => {
    const pos = (n - 1) * q;
    const k = Math.floor(pos);
    select(values, left, n - 1, k);
    left = k;
    const a = values[k]!;
    if (k + 1 >= n || pos === k) return a;
    let b = values[k + 1]!;
    for (let i = k + 2; i < n; i++) if (values[i]! < b) b = values[i]!;
    return a + (b - a) * (pos - k);
  });
}

/** Puts the k-th smallest of a[left..right] at k, smaller ones before it and larger ones after. */
function select(a: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    const mid = (left + right) >> 1;
    // median of three as the pivot
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const v = a[i]!;
  a[i] = a[j]!;
  a[j] = v;
}

/**
 * Interpolates runs of invalid samples when the valid samples on both sides are at most maxGapMs
 * apart; longer gaps stay invalid. Returns a new trace (or fills this one, `inPlace`).
 */
export function fillGaps(trace: GazeTrace, maxGapMs: number, inPlace = false): GazeTrace {
  const { t } = trace;
  const x = inPlace ? trace.x : trace.x.slice();
  const y = inPlace ? trace.y : trace.y.slice();
  const valid = inPlace ? trace.valid : trace.valid.slice();
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
export function medianSmooth(trace: GazeTrace, window: number, buffers?: TraceBuffers): GazeTrace {
  if (window <= 1) return trace;
  const half = Math.floor(window / 2);
  const n = trace.t.length;
  const x = buffers ? buffers.f32('mx', n) : new Float32Array(n);
  const y = buffers ? buffers.f32('my', n) : new Float32Array(n);
  x.set(trace.x);
  y.set(trace.y);
  if (half === 1) {
    // the usual window of 3: a sample with valid neighbours on both sides takes the middle value
    const { x: tx, y: ty, valid } = trace;
    for (let i = 1; i < n - 1; i++) {
      if (!valid[i - 1] || !valid[i] || !valid[i + 1]) continue;
      x[i] = median3(tx[i - 1]!, tx[i]!, tx[i + 1]!);
      y[i] = median3(ty[i - 1]!, ty[i]!, ty[i + 1]!);
    }
    return { ...trace, x, y };
  }
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

function median3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
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
export function resample(trace: GazeTrace, hz: number, maxGapMs: number, buffers?: TraceBuffers): GazeTrace {
  const src = trace.t;
  const n = src.length;
  const step = 1000 / hz;
  if (n === 0) return { ...trace, intervalMs: step };
  const t0 = src[0]!;
  // 1e-9 slack: (last − first) / step is often k − ε in binary when samples sit on the grid
  const m = Math.floor((src[n - 1]! - t0) / step + 1e-9) + 1;
  const t = buffers ? buffers.f64('rt', m) : new Float64Array(m);
  const x = (buffers ? buffers.f32('rx', m) : new Float32Array(m)).fill(NaN);
  const y = (buffers ? buffers.f32('ry', m) : new Float32Array(m)).fill(NaN);
  const valid = (buffers ? buffers.u8('rv', m) : new Uint8Array(m)).fill(0);
  const scrollY = buffers ? buffers.f32('rs', m) : new Float32Array(m);
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

/** fill gaps → median smoothing → resampling of an extracted trace (its x, y, valid are filled in place). */
export function preprocessTrace(extracted: GazeTrace, options: PreprocessOptions = {}, buffers?: TraceBuffers): GazeTrace {
  const p = resolvePreprocessOptions(options);
  const maxGapMs = effectiveMaxGapMs(p.maxGapMs, extracted.intervalMs);
  let trace = fillGaps(extracted, maxGapMs, true);
  trace = medianSmooth(trace, p.medianWindow, buffers);
  if (p.resampleHz > 0) trace = resample(trace, p.resampleHz, maxGapMs, buffers);
  return trace;
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
  return preprocessTrace(extractGaze(events, options), options);
}

/** Number of valid samples. */
export function countValid(trace: GazeTrace): number {
  let c = 0;
  for (let i = 0; i < trace.valid.length; i++) c += trace.valid[i]!;
  return c;
}
