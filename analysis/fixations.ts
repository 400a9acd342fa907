// Fixation detection on a preprocessed gaze trace: I-DT (Salvucci & Goldberg 2000, dispersion =
// (maxX − minX) + (maxY − minY)) and I-VT (point-to-point velocity threshold). Neither detector lets
// a fixation span an invalid sample.
import type { GazeTrace } from './preprocess.ts';

/** Slack on duration comparisons: resampled timestamps are k × (1000 / Hz) and not exact in binary. */
const DURATION_EPS_MS = 1e-6;

export interface Fixation {
  /** Onset, ms from screen start. */
  t: number;
  /** Last sample − first sample + one sample interval, ms. */
  durationMs: number;
  /** Centroid, viewport CSS px. */
  x: number;
  y: number;
  /** Page scrollY at onset. */
  scrollY: number;
  samples: number;
}

/** Assumed when the session has no screen size / distance: ~60 cm from a 24" 1920-px monitor. */
export const DEFAULT_PX_PER_DEG = 38;

export interface IdtOptions {
  /** Dispersion threshold in px; wins over dispersionDeg. */
  dispersionPx?: number;
  dispersionDeg?: number;
  /** Mean validation error in px: the default threshold is max(2°, 1.5 × accuracy). */
  validationAccuracyPx?: number;
  pxPerDeg?: number;
  minDurationMs?: number;
}

export interface IdtParams {
  algorithm: 'idt';
  dispersionPx: number;
  /** The same threshold in degrees (with pxPerDeg). */
  dispersionDeg: number;
  pxPerDeg: number;
  /** Whether pxPerDeg is the DEFAULT_PX_PER_DEG assumption. */
  pxPerDegAssumed: boolean;
  minDurationMs: number;
  /** How the threshold was chosen. */
  thresholdSource: 'px' | 'deg' | 'default-2deg' | 'default-accuracy';
}

export interface IvtOptions {
  velocityDegPerS?: number;
  pxPerDeg?: number;
  minDurationMs?: number;
}

export interface IvtParams {
  algorithm: 'ivt';
  velocityDegPerS: number;
  pxPerDeg: number;
  pxPerDegAssumed: boolean;
  minDurationMs: number;
}

export interface FixationResult<P> {
  fixations: Fixation[];
  params: P;
}

export function resolveIdtParams(options: IdtOptions = {}): IdtParams {
  const pxPerDeg = options.pxPerDeg ?? DEFAULT_PX_PER_DEG;
  const pxPerDegAssumed = options.pxPerDeg === undefined;
  const minDurationMs = options.minDurationMs ?? 100;
  let dispersionPx: number;
  let thresholdSource: IdtParams['thresholdSource'];
  if (options.dispersionPx !== undefined) {
    dispersionPx = options.dispersionPx;
    thresholdSource = 'px';
  } else if (options.dispersionDeg !== undefined) {
    dispersionPx = options.dispersionDeg * pxPerDeg;
    thresholdSource = 'deg';
  } else {
    const twoDeg = 2 * pxPerDeg;
    const fromAccuracy = 1.5 * (options.validationAccuracyPx ?? 0);
    dispersionPx = Math.max(twoDeg, fromAccuracy);
    thresholdSource = fromAccuracy > twoDeg ? 'default-accuracy' : 'default-2deg';
  }
  if (!(dispersionPx > 0)) throw new Error(`I-DT dispersion threshold must be > 0 px, got ${dispersionPx}`);
  return {
    algorithm: 'idt',
    dispersionPx,
    dispersionDeg: dispersionPx / pxPerDeg,
    pxPerDeg,
    pxPerDegAssumed,
    minDurationMs,
    thresholdSource,
  };
}

export function resolveIvtParams(options: IvtOptions = {}): IvtParams {
  const pxPerDeg = options.pxPerDeg ?? DEFAULT_PX_PER_DEG;
  const velocityDegPerS = options.velocityDegPerS ?? 30;
  if (!(velocityDegPerS > 0)) throw new Error(`I-VT velocity threshold must be > 0 deg/s, got ${velocityDegPerS}`);
  return {
    algorithm: 'ivt',
    velocityDegPerS,
    pxPerDeg,
    pxPerDegAssumed: options.pxPerDeg === undefined,
    minDurationMs: options.minDurationMs ?? 100,
  };
}

function sampleInterval(trace: GazeTrace): number {
  return Number.isFinite(trace.intervalMs) && trace.intervalMs > 0 ? trace.intervalMs : 1000 / 30;
}

function makeFixation(trace: GazeTrace, start: number, end: number, dt: number): Fixation {
  let sx = 0;
  let sy = 0;
  for (let i = start; i <= end; i++) {
    sx += trace.x[i]!;
    sy += trace.y[i]!;
  }
  const n = end - start + 1;
  return {
    t: trace.t[start]!,
    durationMs: trace.t[end]! - trace.t[start]! + dt,
    x: sx / n,
    y: sy / n,
    scrollY: trace.scrollY[start]!,
    samples: n,
  };
}

/**
 * I-DT. A window starts with enough consecutive valid samples to cover the minimum duration; when
 * its dispersion is within the threshold it grows one sample at a time until the next sample would
 * exceed it, and becomes a fixation; otherwise the window slides by one sample.
 */
export function detectFixationsIdt(trace: GazeTrace, options: IdtOptions = {}): FixationResult<IdtParams> {
  const params = resolveIdtParams(options);
  const { t, x, y, valid } = trace;
  const n = t.length;
  const dt = sampleInterval(trace);
  const maxD = params.dispersionPx;
  const out: Fixation[] = [];
  let i = 0;
  while (i < n) {
    if (!valid[i]) {
      i++;
      continue;
    }
    // Smallest window [i, j] whose duration reaches the minimum, all valid.
    let j = i;
    let broken = -1;
    while (t[j]! - t[i]! + dt < params.minDurationMs - DURATION_EPS_MS) {
      if (j + 1 >= n) break;
      if (!valid[j + 1]) {
        broken = j + 1;
        break;
      }
      j++;
    }
    if (broken >= 0) {
      i = broken + 1;
      continue;
    }
    if (t[j]! - t[i]! + dt < params.minDurationMs - DURATION_EPS_MS) break; // trace ends before the minimum
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let k = i; k <= j; k++) {
      const xk = x[k]!;
      const yk = y[k]!;
      if (xk < minX) minX = xk;
      if (xk > maxX) maxX = xk;
      if (yk < minY) minY = yk;
      if (yk > maxY) maxY = yk;
    }
    if (maxX - minX + (maxY - minY) > maxD) {
      i++;
      continue;
    }
    while (j + 1 < n && valid[j + 1]) {
      const xk = x[j + 1]!;
      const yk = y[j + 1]!;
      const nMinX = xk < minX ? xk : minX;
      const nMaxX = xk > maxX ? xk : maxX;
      const nMinY = yk < minY ? yk : minY;
      const nMaxY = yk > maxY ? yk : maxY;
      if (nMaxX - nMinX + (nMaxY - nMinY) > maxD) break;
      minX = nMinX;
      maxX = nMaxX;
      minY = nMinY;
      maxY = nMaxY;
      j++;
    }
    out.push(makeFixation(trace, i, j, dt));
    i = j + 1;
  }
  return { fixations: out, params };
}

/**
 * I-VT. A sample is a fixation sample when the velocity from the previous valid sample is below
 * the threshold (the first sample of a run takes the class of the second); runs of fixation
 * samples at least minDurationMs long become fixations.
 */
export function detectFixationsIvt(trace: GazeTrace, options: IvtOptions = {}): FixationResult<IvtParams> {
  const params = resolveIvtParams(options);
  const { t, x, y, valid } = trace;
  const n = t.length;
  const dt = sampleInterval(trace);
  const thresholdPxPerMs = (params.velocityDegPerS * params.pxPerDeg) / 1000;
  const slow = new Uint8Array(n);
  for (let i = 1; i < n; i++) {
    if (!valid[i] || !valid[i - 1]) continue;
    const d = t[i]! - t[i - 1]!;
    if (d <= 0) {
      slow[i] = slow[i - 1]!;
      continue;
    }
    const v = Math.hypot(x[i]! - x[i - 1]!, y[i]! - y[i - 1]!) / d;
    slow[i] = v < thresholdPxPerMs ? 1 : 0;
  }
  // A sample that starts a run (previous one invalid) has no velocity: borrow the next one's class.
  for (let i = 0; i < n; i++) if (valid[i] && (i === 0 || !valid[i - 1]) && i + 1 < n && valid[i + 1]) slow[i] = slow[i + 1]!;
  const out: Fixation[] = [];
  let i = 0;
  while (i < n) {
    if (!valid[i] || !slow[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && valid[j + 1] && slow[j + 1]) j++;
    if (t[j]! - t[i]! + dt >= params.minDurationMs - DURATION_EPS_MS) out.push(makeFixation(trace, i, j, dt));
    i = j + 1;
  }
  return { fixations: out, params };
}
