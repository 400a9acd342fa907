import { describe, expect, it } from 'vitest';
import { PILOT_PRESET, RECGAZE_PRESET } from '../../stimuli/presets.ts';
import { parseStudyConfigJson, validateStudyConfig } from './validate.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('validateStudyConfig()', () => {
  it('accepts both presets', () => {
    expect(validateStudyConfig(RECGAZE_PRESET).ok).toBe(true);
    expect(validateStudyConfig(PILOT_PRESET).ok).toBe(true);
  });
  it('names the field and the problem for a wrong type', () => {
    const bad = clone(PILOT_PRESET) as unknown as { layout: { visibleCount: unknown } };
    bad.layout.visibleCount = 'five';
    const r = validateStudyConfig(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path: 'layout.visibleCount', message: 'expected number but got "five"' });
  });
  it('names a missing field', () => {
    const bad = clone(PILOT_PRESET) as unknown as Record<string, unknown>;
    delete bad.gaze;
    const r = validateStudyConfig(bad);
    expect(!r.ok && r.problems[0]?.path).toBe('gaze');
    expect(!r.ok && r.problems[0]?.message).toMatch(/is missing/);
  });
  it('reports a row whose length disagrees with the layout, and a misplaced target', () => {
    const bad = clone(PILOT_PRESET);
    bad.screens[0]!.rows[3]!.items.pop();
    bad.screens[2]!.target!.position = 2;
    const r = validateStudyConfig(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toContainEqual({ path: 'screens[0].rows[3].items', message: 'has 14 items but layout.itemsPerRow is 15' });
      expect(r.problems.some((p) => p.path === 'screens[2].target')).toBe(true);
    }
  });
  it('checks item ids against a known catalogue', () => {
    const bad = clone(PILOT_PRESET);
    bad.screens[0]!.rows[0]!.items[0] = 999999;
    const r = validateStudyConfig(bad, new Set([1, 2, 3]));
    expect(!r.ok && r.problems.some((p) => p.message.includes('999999'))).toBe(true);
  });
  it('reports invalid JSON at the root', () => {
    const r = parseStudyConfigJson('{"schemaVersion": 1,');
    expect(!r.ok && r.problems[0]?.path).toBe('(root)');
  });
});
