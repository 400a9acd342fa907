import * as v from 'valibot';
import { CalibrationRecordSchema } from '../../core/calibration.ts';
import { RECORD_SCHEMA_VERSION, type FirstTask, type Recruitment, type SessionRecord } from '../../core/records.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';

// A stored session (its row and the record its browser uploaded) as the exporter's SessionRecord.
// The record is participant input: fields of the wrong type fall back to empty values, so one odd
// session cannot break a whole study's export.

export interface StoredSessionRow {
  id: string;
  participant_id: string;
  study_id: string;
  app_version: string;
  consented_at: Date;
  config: StudyConfig;
  status: 'active' | 'completed';
  step: number;
  record: Record<string, unknown> | null;
  study_version: number | null;
  recruitment: Recruitment | null;
  first_task: FirstTask | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const objectOr = <T>(v: unknown, fallback: T): T => (isObject(v) ? (v as T) : fallback);
const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const GAZE_SOURCES = new Set(['webgazer', 'worker', 'mouse', 'replay', 'simulated']);
const FIRST_TASKS = new Set(['Free_browsing', 'Semi_free_direct_search']);

/** Entries keyed by task id whose value passes `keep`. */
function byTask<T>(v: unknown, keep: (x: Record<string, unknown>) => boolean): Record<number, T> {
  const out: Record<number, T> = {};
  for (const [key, value] of Object.entries(objectOr<Record<string, unknown>>(v, {})))
    if (Number.isInteger(Number(key)) && isObject(value) && keep(value)) out[Number(key)] = value as T;
  return out;
}
const numbers = (o: Record<string, unknown>, keys: readonly string[]) =>
  keys.every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]));

export function toSessionRecord(row: StoredSessionRow): SessionRecord {
  const r = row.record ?? {};
  const answers = objectOr<Record<string, unknown>>(r.answers, {});
  const environment = objectOr<Record<string, unknown>>(r.environment, {});
  const size = (v: unknown) => {
    const o = objectOr<Record<string, unknown>>(v, {});
    return { w: numberOr(o.w, 0), h: numberOr(o.h, 0) };
  };
  const startedAt = numberOr(r.startedAt, row.consented_at.getTime());
  const finishedAt = typeof r.finishedAt === 'number' && Number.isFinite(r.finishedAt) ? r.finishedAt : undefined;
  const firstTask = row.first_task ?? (FIRST_TASKS.has(r.firstTask as string) ? (r.firstTask as FirstTask) : 'Free_browsing');
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: row.id,
    participantId: row.participant_id,
    studyId: row.study_id,
    config: row.config,
    gazeSource: GAZE_SOURCES.has(r.gazeSource as string) ? (r.gazeSource as SessionRecord['gazeSource']) : 'webgazer',
    flags: Array.isArray(r.flags) ? r.flags.filter((f): f is string => typeof f === 'string') : [],
    firstTask,
    stepIndex: row.step,
    status: row.status,
    startedAt,
    consentedAt: row.consented_at.getTime(),
    revision: numberOr(r.revision, 0),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    environment: {
      userAgent: typeof environment.userAgent === 'string' ? environment.userAgent : '',
      language: typeof environment.language === 'string' ? environment.language : '',
      screen: size(environment.screen),
      viewport: size(environment.viewport),
      dpr: numberOr(environment.dpr, 1),
      persistentStorage: typeof environment.persistentStorage === 'boolean' ? environment.persistentStorage : null,
    },
    answers: {
      ...(isObject(answers.pre) ? { pre: answers.pre as NonNullable<SessionRecord['answers']['pre']> } : {}),
      ...(isObject(answers.post) ? { post: answers.post as NonNullable<SessionRecord['answers']['post']> } : {}),
      perSelection: byTask(
        answers.perSelection,
        (a) => typeof a.familiarity === 'string' && Array.isArray(a.whySelected) && a.whySelected.every((w) => typeof w === 'string'),
      ),
    },
    selections: byTask(r.selections, (x) => numbers(x, ['taskId', 't', 'row', 'position', 'column', 'page', 'movieId'])),
    screens: byTask(r.screens, (x) => numbers(x, ['taskId', 'startedAt'])),
    quality: byTask(r.quality, (x) => numbers(x, ['samples', 'lost', 'durationMs'])),
    calibration: Array.isArray(r.calibration)
      ? r.calibration.filter((c): c is SessionRecord['calibration'][number] => v.is(CalibrationRecordSchema, c))
      : [],
    speedReminders: Array.isArray(r.speedReminders) ? r.speedReminders.filter((n): n is number => typeof n === 'number') : [],
    appVersion: row.app_version,
    ...(row.study_version === null ? {} : { studyVersion: row.study_version }),
    ...(row.recruitment ? { recruitment: row.recruitment } : {}),
  };
}
