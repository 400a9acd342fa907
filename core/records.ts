import type { CalibrationRecord } from './calibration.ts';
import type { GazeSourceKind, RecordedEvent } from './events.ts';
import type { StudyConfig } from './study-config/schema.ts';
import type { ScreenColumns } from './screen-columns.ts';

export type { CalibrationRecord };

/**
 * The version of the stored records' shape. Every record carries it; `src/db` upgrades older ones
 * when the database is opened (1: before consent time, revisions and typed calibration).
 */
export const RECORD_SCHEMA_VERSION = 2;

export type FirstTask = 'Free_browsing' | 'Semi_free_direct_search';
export type AnswerValue = string | number | string[] | null;
export type Answers = Record<string, AnswerValue>;

export interface SelectionAnswers {
  familiarity: string;
  whySelected: string[];
  whyOther?: string;
}

export interface SelectionRecord {
  taskId: number;
  t: number;
  row: number;
  position: number;
  column: number;
  page: number;
  movieId: number;
  /** Direct search: whether the selected item was the target. */
  correct?: boolean;
}

/** Per-screen gaze data quality, computed by the analysis library (computeScreenQuality). */
export interface ScreenQuality {
  samples: number;
  lost: number;
  lostPct: number;
  /** Median and inter-quartile range of the interval between samples, ms. */
  intervalMedianMs: number | null;
  intervalIqrMs: number | null;
  achievedHz: number | null;
  faceLostMs: number;
  durationMs: number;
}

export interface ScreenTiming {
  taskId: number;
  startedAt: number;
  endedAt?: number;
  /** How many times recording of this screen resumed after a reload. */
  resumes: number;
}

export interface EnvironmentInfo {
  userAgent: string;
  language: string;
  screen: { w: number; h: number };
  viewport: { w: number; h: number };
  dpr: number;
  persistentStorage: boolean | null;
}

/** How a participant reached a study on the study server (the link's parameters, stored with the session). */
export type Recruitment =
  | { kind: 'anonymous' }
  | { kind: 'named' }
  | { kind: 'prolific'; PROLIFIC_PID: string; STUDY_ID: string | null; SESSION_ID: string | null }
  /** SONA, MTurk and other panels: the panel's id arrives as `?id=`. */
  | { kind: 'external'; id: string };

export interface SessionRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  id: string;
  participantId: string;
  studyId: string;
  /** Snapshot of the config the session ran with. */
  config: StudyConfig;
  gazeSource: GazeSourceKind;
  /** e.g. 'mouse-gaze', 'mouse-fallback', 'simulated-gaze', 'replay-gaze'. */
  flags: string[];
  firstTask: FirstTask;
  /** Index into the flow built from config + firstTask (see features/study/flow.ts). */
  stepIndex: number;
  status: 'active' | 'completed';
  startedAt: number;
  /** Epoch ms of the participant's consent; null in sessions stored by schema 1, which did not record it. */
  consentedAt: number | null;
  /** Counts the record's updates, so an older copy (the write-ahead log, an upload) never replaces a newer one. */
  revision: number;
  finishedAt?: number;
  environment: EnvironmentInfo;
  answers: { pre?: Answers; post?: Answers; perSelection: Record<number, SelectionAnswers> };
  /** Epoch ms when the pre- and post-survey were submitted (user_features.csv *_survey_timestamp). */
  surveyTimes?: { pre?: number; post?: number };
  selections: Record<number, SelectionRecord>;
  screens: Record<number, ScreenTiming>;
  quality: Record<number, ScreenQuality>;
  /** Calibration / validation / drift results, written by the gaze setup. */
  calibration: CalibrationRecord[];
  /** Free-browsing counts after which the speed reminder was shown. */
  speedReminders: number[];
  appVersion: string;
  /** Sessions run from the study server: the published version of the study and the recruitment link. */
  studyVersion?: number;
  recruitment?: Recruitment;
}

/**
 * A session that runs on the study server: where its data goes and what the server already holds.
 * Stored at consent (never before), deleted with the session; the chunks themselves stay in
 * `chunks` and are the outbox (a chunk is waiting until an `UploadAckRecord` names it).
 */
export interface UploadRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  sessionId: string;
  /** The study's id on the server (its link /s/<serverStudyId>). */
  serverStudyId: string;
  participantId: string;
  /** The session's write token (the server keeps only its hash). */
  token: string;
  /** Chunks the server refused for good, with its named problem (kept locally, not sent again). */
  rejected: { taskId: number; seq: number; problem: string }[];
  /** The highest session-record revision the server acknowledged (the server's numbering). */
  sessionAckedRevision: number;
  /** Added to the local revision when sending: the server held a higher one from an earlier copy. */
  revisionOffset: number;
}

/** The server acknowledged chunk (sessionId, taskId, seq). */
export interface UploadAckRecord {
  sessionId: string;
  taskId: number;
  seq: number;
}

/**
 * A screen of a completed session as typed columns, made once from its chunks for the analysis
 * (reading millions of event objects back is what made loading a study slow). The chunks stay the
 * record of what was recorded; this is derived from them and deleted with them.
 */
export interface ScreenColumnsRecord {
  sessionId: string;
  taskId: number;
  columns: ScreenColumns;
}

/**
 * A batch of recorded events of one screen; `seq` orders the batches of a screen and
 * (sessionId, taskId, seq) is unique. Chunks of schema 1 have no `schemaVersion` (same shape).
 */
export interface ChunkRecord {
  id?: number;
  schemaVersion?: typeof RECORD_SCHEMA_VERSION;
  sessionId: string;
  taskId: number;
  seq: number;
  events: RecordedEvent[];
}

/**
 * The events of a screen not yet cut into a chunk, rewritten every few tens of ms so that a crash
 * loses little; it becomes chunk `seq` if the page dies before cutting it (see src/tracking).
 */
export interface TailRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  sessionId: string;
  taskId: number;
  seq: number;
  events: RecordedEvent[];
}

export interface StudyRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  id: string;
  config: StudyConfig;
  createdAt: number;
  updatedAt: number;
}

/** An imported export / dataset for the analysis view; `data` is owned by the import code. */
export interface DatasetRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION;
  id: string;
  name: string;
  origin: string;
  importedAt: number;
  data: unknown;
}

export interface CounterRecord {
  key: string;
  value: number;
}
