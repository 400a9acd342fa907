import { describe, expect, it } from 'vitest';
import { PILOT_PRESET } from '../../../stimuli/presets.ts';
import { buildFlow } from './flow.ts';
import { advance, createSession, withCalibration, withScreenStarted, withSelection, withSurvey } from './session-actions.ts';
import { calibrationResult } from '../../../core/testing/calibration.ts';

const env = {
  userAgent: 'test',
  language: 'en',
  screen: { w: 1920, h: 1080 },
  viewport: { w: 1920, h: 945 },
  dpr: 1,
  persistentStorage: true,
};
const make = (gaze: 'mouse' | 'webgazer' = 'mouse') =>
  createSession({
    id: 's1',
    participantId: 'LAB_1',
    config: PILOT_PRESET,
    gazeSource: gaze,
    firstTask: 'Free_browsing',
    environment: env,
    now: 1000,
  });

describe('session actions', () => {
  it('flags sessions whose gaze is not from the webcam', () => {
    expect(make('mouse').flags).toEqual(['mouse-gaze']);
    expect(make('webgazer').flags).toEqual([]);
  });

  it('withSurvey() stores the answers and when each survey was submitted', () => {
    const s = withSurvey(withSurvey(make(), 'pre', { Age: '20-29' }, 5000), 'post', { Tiredness_level: 'Exhausted' }, 9000);
    expect(s.answers.pre).toEqual({ Age: '20-29' });
    expect(s.surveyTimes).toEqual({ pre: 5000, post: 9000 });
  });

  it('advance() completes the session when it reaches the last step, and not before', () => {
    const steps = buildFlow(PILOT_PRESET, 'Free_browsing');
    let s = make();
    for (let i = 0; i < steps.length - 2; i++) s = advance(s, steps, 2000);
    expect(s.status).toBe('active');
    s = advance(s, steps, 3000);
    expect(s.status).toBe('completed');
    expect(s.finishedAt).toBe(3000);
    expect(advance(s, steps, 4000).stepIndex).toBe(steps.length - 1);
  });

  it('withScreenStarted() keeps the first start time and counts resumes', () => {
    const a = withScreenStarted(make(), 1, 5000);
    const b = withScreenStarted(a, 1, 9000);
    expect(b.screens[1]).toEqual({ taskId: 1, startedAt: 5000, resumes: 1 });
  });

  it('withSelection() records the selection and closes the screen', () => {
    const s = withSelection(
      withScreenStarted(make(), 1, 5000),
      { taskId: 1, t: 1234, row: 2, position: 7, column: 2, page: 2, movieId: 99 },
      null,
      7000,
    );
    expect(s.selections[1]?.position).toBe(7);
    expect(s.screens[1]?.endedAt).toBe(7000);
  });

  it('withCalibration() switches to mouse and flags a fallback', () => {
    const s = withCalibration(make('webgazer'), calibrationResult({ source: 'mouse', fallback: true }), true);
    expect(s.gazeSource).toBe('mouse');
    expect(s.flags).toContain('mouse-fallback');
    expect(s.calibration).toHaveLength(1);
  });
});
