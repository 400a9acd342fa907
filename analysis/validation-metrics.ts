// Data-quality figures of a gaze validation: accuracy, precision, % in radius, sampling rate.
// Pure: plain numbers in, plain data out.

export interface Point {
  x: number;
  y: number;
}

/** A sample as recorded; null coordinates are lost samples and only counted. */
export interface ValidationSample {
  x: number | null;
  y: number | null;
}

/** Width of an ID-1 (credit) card, ISO/IEC 7810. */
export const CARD_WIDTH_CM = 8.56;

/** CSS px per cm from the on-screen width (px) of a resized credit-card outline. */
export function pxPerCmFromCard(cardWidthPx: number): number {
  if (!(cardWidthPx > 0)) throw new Error(`card width must be > 0 px, got ${cardWidthPx}`);
  return cardWidthPx / CARD_WIDTH_CM;
}

/**
 * Px per degree of visual angle for 1° centred on the screen centre, seen from `distanceCm`:
 * 1° spans 2·d·tan(0.5°) cm there.
 */
export function pxPerDeg(screenWidthPx: number, screenWidthCm: number, distanceCm: number): number {
  if (!(screenWidthPx > 0)) throw new Error(`screen width must be > 0 px, got ${screenWidthPx}`);
  if (!(screenWidthCm > 0)) throw new Error(`screen width must be > 0 cm, got ${screenWidthCm}`);
  if (!(distanceCm > 0)) throw new Error(`viewing distance must be > 0 cm, got ${distanceCm}`);
  const cmPerDeg = 2 * distanceCm * Math.tan((0.5 * Math.PI) / 180);
  return (screenWidthPx / screenWidthCm) * cmPerDeg;
}

/** Exact visual angle (deg) of a span of `px` centred on the screen centre. */
export function pxToDeg(px: number, pxPerCm: number, distanceCm: number): number {
  return (2 * Math.atan(px / pxPerCm / (2 * distanceCm)) * 180) / Math.PI;
}

export interface ScreenGeometry {
  screenWidthPx: number;
  screenWidthCm: number;
  distanceCm: number;
}

export interface ValidationPointResult {
  target: Point;
  samples: number;
  lost: number;
  /** Mean distance of the samples from the target. */
  meanOffsetPx: number | null;
  centroid: Point | null;
  /** Distance of the samples' centroid from the target. */
  centroidOffsetPx: number | null;
  /** RMS of distances between successive samples. */
  precisionRmsPx: number | null;
  /** sqrt of the mean squared distance from the centroid. */
  precisionSdPx: number | null;
  /** % of (non-lost) samples within the radius of the target. */
  withinRadiusPct: number | null;
  meanOffsetDeg?: number | null;
  centroidOffsetDeg?: number | null;
  precisionRmsDeg?: number | null;
  precisionSdDeg?: number | null;
}

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : null);

function validPoints(samples: readonly ValidationSample[]): Point[] {
  const out: Point[] = [];
  for (const s of samples) if (s.x !== null && s.y !== null && Number.isFinite(s.x) && Number.isFinite(s.y)) out.push({ x: s.x, y: s.y });
  return out;
}

export function validationPoint(
  target: Point,
  samples: readonly ValidationSample[],
  radiusPx: number,
  geometry?: ScreenGeometry,
): ValidationPointResult {
  const pts = validPoints(samples);
  const n = pts.length;
  const meanOffsetPx = mean(pts.map((p) => dist(p, target)));
  const centroid = n ? { x: mean(pts.map((p) => p.x)) ?? 0, y: mean(pts.map((p) => p.y)) ?? 0 } : null;
  const centroidOffsetPx = centroid ? dist(centroid, target) : null;
  const s2s: number[] = [];
  for (let i = 1; i < n; i++) s2s.push(dist(pts[i] as Point, pts[i - 1] as Point) ** 2);
  const precisionRmsPx = s2s.length ? Math.sqrt(mean(s2s) ?? 0) : null;
  const precisionSdPx = centroid ? Math.sqrt(mean(pts.map((p) => dist(p, centroid) ** 2)) ?? 0) : null;
  const withinRadiusPct = n ? (100 * pts.filter((p) => dist(p, target) <= radiusPx).length) / n : null;
  const result: ValidationPointResult = {
    target,
    samples: samples.length,
    lost: samples.length - n,
    meanOffsetPx,
    centroid,
    centroidOffsetPx,
    precisionRmsPx,
    precisionSdPx,
    withinRadiusPct,
  };
  if (geometry) {
    const pxPerCm = geometry.screenWidthPx / geometry.screenWidthCm;
    const deg = (px: number | null) => (px === null ? null : pxToDeg(px, pxPerCm, geometry.distanceCm));
    result.meanOffsetDeg = deg(meanOffsetPx);
    result.centroidOffsetDeg = deg(centroidOffsetPx);
    result.precisionRmsDeg = deg(precisionRmsPx);
    result.precisionSdDeg = deg(precisionSdPx);
  }
  return result;
}

export interface ValidationSummary {
  points: ValidationPointResult[];
  /** Mean over points of each point's mean offset (points without samples are skipped). */
  meanErrorPx: number | null;
  meanErrorDeg: number | null;
  meanCentroidOffsetPx: number | null;
  meanPrecisionRmsPx: number | null;
  meanPrecisionSdPx: number | null;
  /** Over all non-lost samples of all points. */
  withinRadiusPct: number | null;
  samples: number;
  lost: number;
  radiusPx: number;
  gatePx: number;
  /** Every point needs samples; then the mean error must be ≤ gatePx. */
  passed: boolean;
}

export interface ValidationPointInput {
  target: Point;
  samples: readonly ValidationSample[];
}

export function summariseValidation(
  inputs: readonly ValidationPointInput[],
  options: { radiusPx: number; gatePx: number; geometry?: ScreenGeometry },
): ValidationSummary {
  const points = inputs.map((p) => validationPoint(p.target, p.samples, options.radiusPx, options.geometry));
  const pick = (f: (p: ValidationPointResult) => number | null | undefined) =>
    mean(points.map(f).filter((v): v is number => typeof v === 'number'));
  const valid = points.reduce((s, p) => s + (p.samples - p.lost), 0);
  const inside = points.reduce((s, p) => s + ((p.withinRadiusPct ?? 0) * (p.samples - p.lost)) / 100, 0);
  const meanErrorPx = pick((p) => p.meanOffsetPx);
  const everyPointHasData = points.length > 0 && points.every((p) => p.meanOffsetPx !== null);
  return {
    points,
    meanErrorPx,
    meanErrorDeg: options.geometry ? pick((p) => p.meanOffsetDeg) : null,
    meanCentroidOffsetPx: pick((p) => p.centroidOffsetPx),
    meanPrecisionRmsPx: pick((p) => p.precisionRmsPx),
    meanPrecisionSdPx: pick((p) => p.precisionSdPx),
    withinRadiusPct: valid ? (100 * inside) / valid : null,
    samples: points.reduce((s, p) => s + p.samples, 0),
    lost: points.reduce((s, p) => s + p.lost, 0),
    radiusPx: options.radiusPx,
    gatePx: options.gatePx,
    passed: everyPointHasData && meanErrorPx !== null && meanErrorPx <= options.gatePx,
  };
}

/** Linear-interpolated quantile (type 7) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) throw new Error('quantile of an empty list');
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export interface SamplingRate {
  samples: number;
  intervalMedianMs: number | null;
  intervalIqrMs: number | null;
  /** 1000 / median interval. */
  achievedHz: number | null;
}

/** Achieved sampling rate from sample timestamps (ms, any order). */
export function samplingRate(timestamps: readonly number[]): SamplingRate {
  const ts = [...timestamps].sort((a, b) => a - b);
  const intervals: number[] = [];
  for (let i = 1; i < ts.length; i++) intervals.push((ts[i] as number) - (ts[i - 1] as number));
  return rateOfIntervals(intervals, ts.length);
}

/** The same figures from sample intervals pooled over several recordings (e.g. screens) of `samples` samples. */
export function rateOfIntervals(intervals: number[], samples: number): SamplingRate {
  if (!intervals.length) return { samples, intervalMedianMs: null, intervalIqrMs: null, achievedHz: null };
  intervals.sort((a, b) => a - b);
  const median = quantile(intervals, 0.5);
  return {
    samples,
    intervalMedianMs: median,
    intervalIqrMs: quantile(intervals, 0.75) - quantile(intervals, 0.25),
    achievedHz: median > 0 ? 1000 / median : null,
  };
}
