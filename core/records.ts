import type { GazeSourceKind, RecordedEvent } from './events.ts';
import type { StudyConfig } from './study-config/schema.ts';

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
  selections: Record<number, SelectionRecord>;
  screens: Record<number, ScreenTiming>;
  quality: Record<number, ScreenQuality>;
  /** Calibration / validation / drift results, written by the gaze setup (shape owned by src/tracking). */
  calibration: unknown[];
  /** Free-browsing counts after which the speed reminder was shown. */
  speedReminders: number[];
  appVersion: string;
  /** Sessions run from the study server: the published version of the study and the recruitment link. */
  studyVersion?: number;
  recruitment?: Recruitment;
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
