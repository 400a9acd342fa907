import type { FirstTask, SessionRecord } from '../../db/types.ts';

export interface SessionSummary {
  id: string;
  participantId: string;
  studyId: string;
  studyName: string;
  firstTask: FirstTask;
  status: SessionRecord['status'];
  startedAt: number;
  finishedAt: number | null;
  screensDone: number;
  screensTotal: number;
  gazeSource: string;
  flags: string[];
  /** Mean validation error (px) of the last validation, when the session recorded one. */
  validationErrorPx: number | null;
  /** Mean achieved sampling rate over screens with samples. */
  achievedHz: number | null;
  /** Lost samples / all samples over every screen, in %. */
  trackingLossPct: number | null;
}

const ERROR_KEYS = ['meanErrorPx', 'accuracyPx', 'meanOffsetPx'] as const;

/** Finds a mean validation error in a calibration entry (its shape belongs to the gaze setup). */
function validationError(entry: unknown): number | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const record = entry as Record<string, unknown>;
  for (const key of ERROR_KEYS) if (typeof record[key] === 'number' && Number.isFinite(record[key])) return record[key];
  for (const nested of ['validation', 'metrics', 'quality']) {
    const found = validationError(record[nested]);
    if (found !== null) return found;
  }
  return null;
}

export function summarizeSession(session: SessionRecord): SessionSummary {
  const qualities = Object.values(session.quality);
  const samples = qualities.reduce((sum, q) => sum + q.samples, 0);
  const lost = qualities.reduce((sum, q) => sum + q.lost, 0);
  const rates = qualities.map((q) => q.achievedHz).filter((hz): hz is number => hz !== null && Number.isFinite(hz));
  const validations = session.calibration.map(validationError).filter((e): e is number => e !== null);
  return {
    id: session.id,
    participantId: session.participantId,
    studyId: session.studyId,
    studyName: session.config.name,
    firstTask: session.firstTask,
    status: session.status,
    startedAt: session.startedAt,
    finishedAt: session.finishedAt ?? null,
    screensDone: Object.keys(session.selections).length,
    screensTotal: session.config.screens.length,
    gazeSource: session.gazeSource,
    flags: session.flags,
    validationErrorPx: validations.length ? (validations[validations.length - 1] as number) : null,
    achievedHz: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
    trackingLossPct: samples > 0 ? (100 * lost) / samples : null,
  };
}
