import type { FirstTask, SessionRecord } from '../../../core/records.ts';

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
  /** Mean validation error of the last validation, when the session recorded one. */
  validationErrorPx: number | null;
  validationErrorDeg: number | null;
  /** Mean achieved sampling rate over screens with samples. */
  achievedHz: number | null;
  /** Lost samples / all samples over every screen, in %. */
  trackingLossPct: number | null;
}

interface ValidationFigures {
  px: number;
  deg: number | null;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The validation figures of a calibration entry: the gaze setup stores
 * `{ kind: 'calibration', validation: { meanErrorPx, meanErrorDeg, … } }`; a bare
 * `{ meanErrorPx }` is accepted too. Drift checks (`offsetPx`) are not validations.
 */
function validationOf(entry: unknown): ValidationFigures | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const record = entry as Record<string, unknown>;
  if (finite(record['meanErrorPx']))
    return { px: record['meanErrorPx'], deg: finite(record['meanErrorDeg']) ? record['meanErrorDeg'] : null };
  return record['validation'] === undefined ? null : validationOf(record['validation']);
}

export function summarizeSession(session: SessionRecord): SessionSummary {
  const qualities = Object.values(session.quality);
  const samples = qualities.reduce((sum, q) => sum + q.samples, 0);
  const lost = qualities.reduce((sum, q) => sum + q.lost, 0);
  const rates = qualities.map((q) => q.achievedHz).filter((hz): hz is number => hz !== null && Number.isFinite(hz));
  const validation =
    session.calibration
      .map(validationOf)
      .filter((v): v is ValidationFigures => v !== null)
      .at(-1) ?? null;
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
    validationErrorPx: validation?.px ?? null,
    validationErrorDeg: validation?.deg ?? null,
    achievedHz: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
    trackingLossPct: samples > 0 ? (100 * lost) / samples : null,
  };
}
