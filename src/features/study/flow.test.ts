import { describe, expect, it } from 'vitest';
import { PILOT_PRESET, RECGAZE_PRESET } from '../../../stimuli/presets.ts';
import { buildFlow } from './flow.ts';

describe('buildFlow()', () => {
  it('runs the replication as consent, surveys, practice and 40 screens in the chosen block order', () => {
    const steps = buildFlow(RECGAZE_PRESET, 'Free_browsing');
    const screens = steps.filter((s) => s.kind === 'screen');
    expect(screens.map((s) => s.taskId)).toEqual([0, ...Array.from({ length: 40 }, (_, i) => i + 1)]);
    expect(steps.slice(0, 3).map((s) => s.kind)).toEqual(['consent', 'pre-survey', 'gaze-setup']);
    expect(steps.at(-2)?.kind).toBe('post-survey');
    expect(steps.at(-1)?.kind).toBe('complete');
    // per-selection questions after every free and semi-free screen, never after direct search or practice
    const asked = steps.filter((s) => s.kind === 'selection-questions').map((s) => s.taskId);
    expect(asked).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
  });

  it('puts the search block first for Semi_free_direct_search', () => {
    const order = buildFlow(RECGAZE_PRESET, 'Semi_free_direct_search')
      .filter((s) => s.kind === 'screen')
      .map((s) => s.taskId);
    expect(order.slice(0, 12)).toEqual([0, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 1]);
  });

  it('inserts a drift check every K task screens and the speed reminder where configured', () => {
    const config = { ...RECGAZE_PRESET, questionnaires: { ...RECGAZE_PRESET.questionnaires, speedReminderAfter: [10] } };
    const steps = buildFlow(config, 'Free_browsing');
    const drift = steps.filter((s) => s.kind === 'drift-check').map((s) => s.beforeTaskId);
    expect(drift).toEqual([11, 21, 31]);
    const i = steps.findIndex((s) => s.kind === 'speed-reminder');
    expect(steps[i - 2]).toEqual({ kind: 'screen', taskId: 10, task: 'free_browsing' });
  });

  it('builds the pilot without surveys: one screen of each type', () => {
    const kinds = buildFlow(PILOT_PRESET, 'Free_browsing').map((s) => (s.kind === 'screen' ? `screen:${s.task}` : s.kind));
    expect(kinds).toEqual([
      'consent',
      'gaze-setup',
      'block-intro',
      'screen:free_browsing',
      'selection-questions',
      'block-intro',
      'screen:semi_free',
      'selection-questions',
      'screen:direct_search',
      'complete',
    ]);
  });
});
