// session.json: the export's metadata envelope. It carries each session record (minus the config,
// which is stored once per distinct study config), so an import can rebuild the sessions exactly.
import type { SessionRecord } from '../core/records.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import type { DetectorParams } from './derive-screen.ts';

export const EXPORT_TYPE = 'carousel-gaze-lab/export';
export const EXPORT_VERSION = 1;
export const RAW_EVENTS_TYPE = 'carousel-gaze-lab/raw-events';
export const RAW_EVENTS_VERSION = 3;
/** Raw event versions the importer reads (2 had no box patches). */
export const RAW_EVENTS_READABLE = [2, 3] as const;
/** JSON Lines, one line per session screen (all sessions in one stream). */
export const RAW_EVENTS_PATH = 'raw/events.jsonl';

export type StoredSession = Omit<SessionRecord, 'config'>;

export interface EnvelopeSession {
  /** Index into `studies` of the config this session ran with. */
  studyIndex: number;
  subjectId: number;
  /** Path of the raw event file inside the zip (lines of this session: `sessionId` matches). */
  rawEvents: string;
  /** Fixation detector and AOI parameters used for this session's fixations. */
  fixation: DetectorParams;
  /** Calibration / validation summary pulled from `record.calibration`. */
  calibrationSummary: CalibrationSummary;
  record: StoredSession;
}

/** The choices an export was made with (written into session.json). */
export interface ResolvedExportOptions {
  /** Text cells were guarded against spreadsheet formulas (a leading `'`). */
  formulaGuard: boolean;
  /** The practice screen (TaskID 0) is in the tables, BIDS runs and pymovements files. */
  includePractice: boolean;
}

export interface ExportEnvelope {
  type: typeof EXPORT_TYPE;
  version: typeof EXPORT_VERSION;
  /** The app that wrote the export. */
  source: 'carousel-gaze-lab';
  createdAt: string;
  appVersion: string;
  /** Absent in exports written before the options existed (they guarded and left practice out of the RecGaze tables). */
  options?: ResolvedExportOptions;
  /** Units and conventions of the CSV files, for readers of the zip. */
  conventions: Record<string, string>;
  studies: StudyConfig[];
  sessions: EnvelopeSession[];
}

export interface CalibrationSummary {
  count: number;
  /** Mean validation error of the last validation, px and degrees. */
  meanErrorPx: number | null;
  meanErrorDeg: number | null;
  /** Largest mean validation error over all validations, px and degrees. */
  maxErrorPx: number | null;
  maxErrorDeg: number | null;
}

/** Physical screen of a session, when the gaze setup measured it (card or typed width + distance). */
export interface MeasuredScreen {
  widthCm: number;
  distanceCm: number;
  pxPerDeg: number;
}

/** The last measured screen among the calibration results (their shape belongs to src/tracking). */
export function measuredScreen(results: readonly unknown[]): MeasuredScreen | null {
  for (let i = results.length - 1; i >= 0; i--) {
    const r = results[i];
    const screen = r && typeof r === 'object' ? (r as { screen?: unknown }).screen : undefined;
    if (!screen || typeof screen !== 'object') continue;
    const { widthCm, distanceCm, pxPerDeg } = screen as Record<string, unknown>;
    if ([widthCm, distanceCm, pxPerDeg].every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0))
      return { widthCm, distanceCm, pxPerDeg } as MeasuredScreen;
  }
  return null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Pulls validation errors out of calibration results (their shape belongs to src/tracking). */
export function summariseCalibration(results: readonly unknown[]): CalibrationSummary {
  const errors: { px: number | null; deg: number | null }[] = [];
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > 3) return;
    const o = v as Record<string, unknown>;
    const px = num(o.meanErrorPx);
    const deg = num(o.meanErrorDeg);
    if (px !== null || deg !== null) {
      errors.push({ px, deg });
      return;
    }
    for (const child of Object.values(o)) visit(child, depth + 1);
  };
  for (const r of results) visit(r, 0);
  const last = errors[errors.length - 1];
  const max = (k: 'px' | 'deg') =>
    errors.reduce<number | null>((m, e) => (e[k] === null ? m : m === null ? e[k] : Math.max(m, e[k])), null);
  return {
    count: results.length,
    meanErrorPx: last?.px ?? null,
    meanErrorDeg: last?.deg ?? null,
    maxErrorPx: max('px'),
    maxErrorDeg: max('deg'),
  };
}

export const CONVENTIONS: Record<string, string> = {
  Timestamp: 'seconds from the start of the screen',
  Fixation_Duration: 'milliseconds',
  Cursor_Duration: 'seconds',
  Gaze_LocX: 'viewport CSS px from the left edge',
  Gaze_LocY: 'viewport CSS px from the top edge',
  Stimulus_LocX: 'original RecGaze 5760 x 3526 canvas: px at 1920-px width, + 1920 * (page of the row under the point - 1)',
  Stimulus_LocY: 'original canvas: document px at 1920-px width + 87 px browser bar',
  Fixation_LocX: 'original canvas, as Stimulus_LocX',
  NA: 'value absent or unknown to the app (e.g. TMDB popularity); aoi_data.csv and the pymovements CSVs leave such cells empty',
  SubjectID: 'stable integer derived from the session id',
  StimulusID: 'NA: no screen recording',
};

/** FNV-1a of the session id: a stable integer per session whatever else is exported with it. */
export function subjectIdOf(sessionId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    h ^= sessionId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 1_000_000_000;
}
