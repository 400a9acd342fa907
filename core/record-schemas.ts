// Stored records are checked when they are read back (IndexedDB can hold anything an older or
// broken version wrote): each check returns the typed record or throws a RecordError naming the
// record and the field.
import * as v from 'valibot';
import { CalibrationRecordSchema } from './calibration.ts';
import {
  RECORD_SCHEMA_VERSION,
  type ChunkRecord,
  type DatasetRecord,
  type SessionRecord,
  type StudyRecord,
  type TailRecord,
} from './records.ts';
import { StudyConfigSchema } from './study-config/schema.ts';
import { describeIssue, formatPath } from './study-config/validate.ts';

const GAZE_SOURCES = ['webgazer', 'worker', 'mouse', 'replay', 'simulated'] as const;
const finite = v.pipe(v.number(), v.finite());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
/** Keys of the per-screen maps: a taskId as JSON stores it. */
const taskKey = v.pipe(v.string(), v.regex(/^\d+$/, 'must be a taskId'));
const version = v.literal(RECORD_SCHEMA_VERSION, `must be ${RECORD_SCHEMA_VERSION} (older records are upgraded when the database opens)`);

const AnswerValueSchema = v.union([v.string(), finite, v.array(v.string()), v.null()]);
const AnswersSchema = v.record(v.string(), AnswerValueSchema);

const SelectionSchema = v.object({
  taskId: count,
  t: finite,
  row: count,
  position: count,
  column: count,
  page: count,
  movieId: count,
  correct: v.exactOptional(v.boolean()),
});

const ScreenTimingSchema = v.object({ taskId: count, startedAt: finite, endedAt: v.exactOptional(finite), resumes: count });

const nullableFinite = v.nullable(finite);
const QualitySchema = v.object({
  samples: count,
  lost: count,
  lostPct: finite,
  intervalMedianMs: nullableFinite,
  intervalIqrMs: nullableFinite,
  achievedHz: nullableFinite,
  faceLostMs: finite,
  durationMs: finite,
});

const EnvironmentSchema = v.object({
  userAgent: v.string(),
  language: v.string(),
  screen: v.object({ w: finite, h: finite }),
  viewport: v.object({ w: finite, h: finite }),
  dpr: finite,
  persistentStorage: v.nullable(v.boolean()),
});

export const SessionRecordSchema = v.object({
  schemaVersion: version,
  id,
  participantId: id,
  studyId: id,
  config: StudyConfigSchema,
  gazeSource: v.picklist(GAZE_SOURCES),
  flags: v.array(v.string()),
  firstTask: v.picklist(['Free_browsing', 'Semi_free_direct_search']),
  stepIndex: count,
  status: v.picklist(['active', 'completed']),
  startedAt: finite,
  consentedAt: v.nullable(finite),
  revision: count,
  finishedAt: v.exactOptional(finite),
  environment: EnvironmentSchema,
  answers: v.object({
    pre: v.exactOptional(AnswersSchema),
    post: v.exactOptional(AnswersSchema),
    perSelection: v.record(
      taskKey,
      v.object({ familiarity: v.string(), whySelected: v.array(v.string()), whyOther: v.exactOptional(v.string()) }),
    ),
  }),
  selections: v.record(taskKey, SelectionSchema),
  screens: v.record(taskKey, ScreenTimingSchema),
  quality: v.record(taskKey, QualitySchema),
  calibration: v.array(CalibrationRecordSchema),
  speedReminders: v.array(count),
  appVersion: v.string(),
});

export const StudyRecordSchema = v.object({
  schemaVersion: version,
  id,
  config: StudyConfigSchema,
  createdAt: finite,
  updatedAt: finite,
  studio: v.exactOptional(v.unknown()),
});

/** The dataset envelope; `data` is checked by the import code that owns its shape. */
export const DatasetRecordSchema = v.object({
  schemaVersion: version,
  id,
  name: v.string(),
  origin: v.string(),
  importedAt: finite,
  data: v.unknown(),
});

/** A stored record that does not have the shape its schema version promises. */
export class RecordError extends Error {
  override name = 'RecordError';
}

function check<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const key = value && typeof value === 'object' && 'id' in value ? ` ${String((value as { id: unknown }).id)}` : '';
  const issue = result.issues[0];
  const problem = issue.input === undefined ? 'is missing' : describeIssue(issue);
  throw new RecordError(`The stored ${what}${key} is damaged: ${formatPath(issue.path)} ${problem}`);
}

// No casts: the schemas' outputs must be assignable to the record types, or this does not compile.
export const readSessionRecord = (value: unknown): SessionRecord => check(SessionRecordSchema, value, 'session');
export const readStudyRecord = (value: unknown): StudyRecord => check(StudyRecordSchema, value, 'study');
export const readDatasetRecord = (value: unknown): DatasetRecord => check(DatasetRecordSchema, value, 'dataset');

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * The envelope of a chunk or tail (keys and an events array). Events are not checked one by one
 * here: the readers of millions of them (export, analysis) check what they use.
 */
export function readChunkRecord<T extends ChunkRecord | TailRecord>(value: unknown, what = 'chunk'): T {
  const c = value as Partial<ChunkRecord> | null;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    typeof c.sessionId === 'string' &&
    isCount(c.taskId) &&
    isCount(c.seq) &&
    Array.isArray(c.events) &&
    (c.schemaVersion === undefined || c.schemaVersion === RECORD_SCHEMA_VERSION);
  if (!ok) throw new RecordError(`The stored ${what} is damaged: it needs sessionId, taskId, seq and an events array`);
  return value as T;
}
