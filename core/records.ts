import type { GazeSourceKind, RecordedEvent } from './events.ts';
import type { StudyConfig } from './study-config/schema.ts';
import type { ScreenColumns } from './screen-columns.ts';

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

export interface SessionRecord {
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
  finishedAt?: number;
  environment: EnvironmentInfo;
  answers: { pre?: Answers; post?: Answers; perSelection: Record<number, SelectionAnswers> };
  /** Epoch ms when the pre- and post-survey were submitted (user_features.csv *_survey_timestamp). */
  surveyTimes?: { pre?: number; post?: number };
  selections: Record<number, SelectionRecord>;
  screens: Record<number, ScreenTiming>;
  quality: Record<number, ScreenQuality>;
  /** Calibration / validation / drift results, written by the gaze setup (shape owned by src/tracking). */
  calibration: unknown[];
  /** Free-browsing counts after which the speed reminder was shown. */
  speedReminders: number[];
  appVersion: string;
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

/** A batch of recorded events of one screen; `seq` orders the batches of a screen. */
export interface ChunkRecord {
  id?: number;
  sessionId: string;
  taskId: number;
  seq: number;
  events: RecordedEvent[];
}

export interface StudyRecord {
  id: string;
  config: StudyConfig;
  createdAt: number;
  updatedAt: number;
}

/** An imported export / dataset for the analysis view; `data` is owned by the import code. */
export interface DatasetRecord {
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
