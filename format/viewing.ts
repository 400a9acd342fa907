// The physical side of a session as the export describes it: screen size, screen density, viewing
// distance and sampling rate, measured at gaze setup when possible and otherwise assumed (and said so).
import type { SessionRecord } from '../core/records.ts';
import { measuredScreen } from './envelope.ts';

/** CSS px per cm when nothing better is known (96 px per inch). */
export const ASSUMED_PX_PER_CM = 96 / 2.54;
export const ASSUMED_DISTANCE_CM = 60;
/** Written as the sampling rate when a session has no measured rate (webcams deliver about this). */
export const NOMINAL_HZ = 30;

/** CSS px per cm of the session's screen: measured at gaze setup when available. */
export function pxPerCm(s: SessionRecord): { value: number; assumed: boolean } {
  const measured = measuredScreen(s.calibration);
  if (measured && s.environment.screen.w > 0) return { value: s.environment.screen.w / measured.widthCm, assumed: false };
  return { value: ASSUMED_PX_PER_CM, assumed: true };
}

/** px → cm at the session's density, to 0.01 cm. */
export const toCm = (px: number, perCm: number): number => Math.round((px / perCm) * 100) / 100;

/** Viewing distance: measured at gaze setup, else the post-survey answer, else assumed. */
export function viewingDistanceCm(s: SessionRecord): { cm: number; assumed: boolean } {
  const measured = measuredScreen(s.calibration);
  if (measured) return { cm: measured.distanceCm, assumed: false };
  const v = s.answers.post?.Distance_eyes_center_screen;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? { cm: n, assumed: false } : { cm: ASSUMED_DISTANCE_CM, assumed: true };
}

/** Mean achieved gaze rate of a session (or one screen), Hz to 0.01; null when unknown. */
export function achievedHz(s: SessionRecord, taskId?: number): number | null {
  const qs = taskId === undefined ? Object.values(s.quality) : [s.quality[taskId]].filter((q) => q !== undefined);
  const rates = qs.map((q) => q.achievedHz).filter((h): h is number => typeof h === 'number' && h > 0);
  if (!rates.length) return null;
  return Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 100) / 100;
}

/** The physical screen: device pixels (CSS px × device pixel ratio) and size in m. */
export function physicalScreen(s: SessionRecord): { resolution: [number, number]; sizeM: [number, number]; sizeAssumed: boolean } {
  const { w, h } = s.environment.screen;
  const dpr = s.environment.dpr > 0 ? s.environment.dpr : 1;
  const density = pxPerCm(s);
  return {
    resolution: [Math.round(w * dpr), Math.round(h * dpr)],
    sizeM: [toCm(w, density.value) / 100, toCm(h, density.value) / 100],
    sizeAssumed: density.assumed,
  };
}
