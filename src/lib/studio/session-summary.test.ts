import { describe, expect, it } from 'vitest';
import { PILOT_PRESET } from '../../../stimuli/presets.ts';
import type { ScreenQuality, SessionRecord } from '../../../core/records.ts';
import { summarizeSession } from './session-summary.ts';
import { calibrationResult, driftCheckRecord, validationRecord } from '../../../core/testing/calibration.ts';

function quality(samples: number, lost: number, achievedHz: number | null): ScreenQuality {
  return {
    samples,
    lost,
    lostPct: (100 * lost) / samples,
    intervalMedianMs: null,
    intervalIqrMs: null,
    achievedHz,
    faceLostMs: 0,
    durationMs: 1000,
  };
}

function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    schemaVersion: 2,
    revision: 0,
    consentedAt: 1000,
    id: 's1',
    participantId: 'LAB_3',
    studyId: 'pilot',
    config: PILOT_PRESET,
    gazeSource: 'webgazer',
    flags: [],
    firstTask: 'Free_browsing',
    stepIndex: 4,
    status: 'active',
    startedAt: 1000,
    environment: {
      userAgent: '',
      language: 'en',
      screen: { w: 1920, h: 1080 },
      viewport: { w: 1920, h: 945 },
      dpr: 1,
      persistentStorage: null,
    },
    answers: { perSelection: {} },
    selections: {},
    screens: {},
    quality: {},
    calibration: [],
    speedReminders: [],
    appVersion: '0.1.0',
    ...overrides,
  };
}

describe('summarizeSession()', () => {
  it('counts finished screens and pools the gaze quality of all screens', () => {
    const s = session({
      selections: {
        1: { taskId: 1, t: 5, row: 1, position: 2, column: 2, page: 1, movieId: 7 },
        31: { taskId: 31, t: 5, row: 1, position: 2, column: 2, page: 1, movieId: 8 },
      },
      quality: { 1: quality(100, 10, 20), 31: quality(300, 30, 30) },
      calibration: [
        calibrationResult({ validation: validationRecord({ meanErrorPx: 180, meanErrorDeg: 4 }) }),
        calibrationResult({ validation: validationRecord({ meanErrorPx: 120, meanErrorDeg: 2.5 }) }),
        driftCheckRecord({ offsetPx: 300, passed: false }),
        calibrationResult({ validation: validationRecord({ meanErrorPx: null }) }),
      ],
    });
    const summary = summarizeSession(s);
    expect(summary.screensDone).toBe(2);
    expect(summary.screensTotal).toBe(3);
    expect(summary.trackingLossPct).toBeCloseTo(10);
    expect(summary.achievedHz).toBeCloseTo(25);
    expect(summary.validationErrorPx).toBe(120);
    expect(summary.validationErrorDeg).toBe(2.5);
    expect(summary.firstTask).toBe('Free_browsing');
  });

  it('leaves figures empty when nothing was measured', () => {
    const summary = summarizeSession(session({ gazeSource: 'mouse', quality: { 1: quality(0, 0, null) } }));
    expect([summary.trackingLossPct, summary.achievedHz, summary.validationErrorPx, summary.finishedAt]).toEqual([null, null, null, null]);
    expect(summary.gazeSource).toBe('mouse');
  });
});
