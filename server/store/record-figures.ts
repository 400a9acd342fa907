import type { QualityFigures } from '../../core/protocol/lab.ts';
import { summariseCalibration } from '../../format/envelope.ts';

// The monitoring figures of a session, taken from the record its browser uploads (answers,
// selections, quality per screen, calibration; see core/records.ts). The record is participant
// input: every field is read defensively and a missing or odd one gives "not measured" (null).

export interface RecordFigures extends QualityFigures {
  screensDone: number;
  gazeSource: string | null;
  flags: string[];
  samples: number | null;
}

export interface ScreenFigures {
  taskId: number;
  samples: number | null;
  lostPct: number | null;
  gazeHz: number | null;
  durationMs: number | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Per-screen quality (`record.quality`: taskId → ScreenQuality), in task order. */
export function screenFigures(record: unknown): ScreenFigures[] {
  const quality = isObject(record) && isObject(record.quality) ? record.quality : {};
  const out: ScreenFigures[] = [];
  for (const [key, q] of Object.entries(quality)) {
    const taskId = Number(key);
    if (!Number.isInteger(taskId) || !isObject(q)) continue;
    const samples = finite(q.samples);
    const lost = finite(q.lost);
    out.push({
      taskId,
      samples,
      lostPct: finite(q.lostPct) ?? (samples && lost !== null ? (100 * lost) / samples : null),
      gazeHz: finite(q.achievedHz),
      durationMs: finite(q.durationMs),
    });
  }
  return out.sort((a, b) => a.taskId - b.taskId);
}

export function recordFigures(record: unknown): RecordFigures {
  const r = isObject(record) ? record : {};
  const screens = screenFigures(r);
  let samples = 0;
  let lost = 0;
  let counted = false;
  for (const [key, q] of Object.entries(isObject(r.quality) ? r.quality : {})) {
    if (!Number.isInteger(Number(key)) || !isObject(q)) continue;
    const s = finite(q.samples);
    const l = finite(q.lost);
    if (s === null || l === null) continue;
    samples += s;
    lost += l;
    counted = true;
  }
  const rates = screens.map((s) => s.gazeHz).filter((hz): hz is number => hz !== null);
  const calibration = summariseCalibration(Array.isArray(r.calibration) ? r.calibration : []);
  return {
    screensDone: isObject(r.selections) ? Object.keys(r.selections).length : 0,
    gazeSource: typeof r.gazeSource === 'string' ? r.gazeSource.slice(0, 32) : null,
    flags: Array.isArray(r.flags)
      ? r.flags
          .filter((f): f is string => typeof f === 'string')
          .slice(0, 20)
          .map((f) => f.slice(0, 64))
      : [],
    samples: counted ? samples : null,
    validationPx: calibration.meanErrorPx,
    validationDeg: calibration.meanErrorDeg,
    gazeHz: rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null,
    lossPct: counted && samples > 0 ? (100 * lost) / samples : null,
  };
}
