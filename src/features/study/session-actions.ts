// Pure state transitions of a participant session: each takes the old record and returns a new one.
import type { GazeSourceKind } from '../../../core/events.ts';
import {
  RECORD_SCHEMA_VERSION,
  type CalibrationRecord,
  type Answers,
  type EnvironmentInfo,
  type FirstTask,
  type ScreenQuality,
  type SelectionAnswers,
  type SelectionRecord,
  type SessionRecord,
} from '../../../core/records.ts';
import type { StudyConfig } from '../../../core/study-config/schema.ts';
import { isWebcamGaze } from '../../tracking/gaze-source.ts';
import type { Step } from './flow.ts';

export const APP_VERSION = '0.1.0';

export function gazeFlags(source: GazeSourceKind): string[] {
  return isWebcamGaze(source) ? [] : [`${source}-gaze`];
}

/** A new session, created when the participant consents (nothing is stored before). */
export function createSession(args: {
  id: string;
  participantId: string;
  config: StudyConfig;
  gazeSource: GazeSourceKind;
  firstTask: FirstTask;
  environment: EnvironmentInfo;
  now: number;
}): SessionRecord {
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: args.id,
    participantId: args.participantId,
    studyId: args.config.id,
    config: args.config,
    gazeSource: args.gazeSource,
    flags: gazeFlags(args.gazeSource),
    firstTask: args.firstTask,
    stepIndex: 0,
    status: 'active',
    startedAt: args.now,
    consentedAt: args.now,
    revision: 0,
    environment: args.environment,
    answers: { perSelection: {} },
    selections: {},
    screens: {},
    quality: {},
    calibration: [],
    speedReminders: [],
    appVersion: APP_VERSION,
  };
}

/** The next version of a record: every update counts, so an older copy never replaces it. */
export function revised(previous: SessionRecord, next: SessionRecord): SessionRecord {
  return next === previous ? previous : { ...next, revision: previous.revision + 1 };
}

/** Moves to the next step; the last step (complete) marks the session completed. */
export function advance(session: SessionRecord, steps: Step[], now: number): SessionRecord {
  const stepIndex = Math.min(session.stepIndex + 1, steps.length - 1);
  const done = steps[stepIndex]?.kind === 'complete';
  return { ...session, stepIndex, ...(done && session.status !== 'completed' ? { status: 'completed' as const, finishedAt: now } : {}) };
}

export function withSurvey(session: SessionRecord, which: 'pre' | 'post', answers: Answers, now: number): SessionRecord {
  return { ...session, answers: { ...session.answers, [which]: answers }, surveyTimes: { ...session.surveyTimes, [which]: now } };
}

export function withSelectionAnswers(session: SessionRecord, taskId: number, answers: SelectionAnswers): SessionRecord {
  return { ...session, answers: { ...session.answers, perSelection: { ...session.answers.perSelection, [taskId]: answers } } };
}

export function withScreenStarted(session: SessionRecord, taskId: number, now: number): SessionRecord {
  const prev = session.screens[taskId];
  const timing = prev ? { ...prev, resumes: prev.resumes + 1 } : { taskId, startedAt: now, resumes: 0 };
  return { ...session, screens: { ...session.screens, [taskId]: timing } };
}

export function withSelection(
  session: SessionRecord,
  selection: SelectionRecord,
  quality: ScreenQuality | null,
  now: number,
): SessionRecord {
  const timing = session.screens[selection.taskId] ?? { taskId: selection.taskId, startedAt: now, resumes: 0 };
  return {
    ...session,
    selections: { ...session.selections, [selection.taskId]: selection },
    screens: { ...session.screens, [selection.taskId]: { ...timing, endedAt: now } },
    quality: quality ? { ...session.quality, [selection.taskId]: quality } : session.quality,
  };
}

export function withCalibration(session: SessionRecord, result: CalibrationRecord, fallbackToMouse = false): SessionRecord {
  const flags = fallbackToMouse && !session.flags.includes('mouse-fallback') ? [...session.flags, 'mouse-fallback'] : session.flags;
  return { ...session, calibration: [...session.calibration, result], flags, ...(fallbackToMouse ? { gazeSource: 'mouse' as const } : {}) };
}

export function withSpeedReminder(session: SessionRecord, afterCount: number): SessionRecord {
  return session.speedReminders.includes(afterCount) ? session : { ...session, speedReminders: [...session.speedReminders, afterCount] };
}
