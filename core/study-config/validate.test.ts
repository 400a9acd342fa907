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

describe('study config limits (core/study-config/limits.ts): each names the field and the limit', () => {
  const problemsOf = (config: unknown) => {
    const r = validateStudyConfig(config);
    return r.ok ? [] : r.problems;
  };
  it('10,000 rows on a screen, 10,000 screens, 1,000 items per row', () => {
    const rows = clone(PILOT_PRESET);
    const row = rows.screens[0]!.rows[0]!;
    rows.screens[0]!.rows = Array.from({ length: 10_000 }, () => row);
    expect(problemsOf(rows)).toContainEqual({ path: 'screens[0].rows', message: 'has 10000 rows; at most 30 are allowed' });

    const screens = clone(PILOT_PRESET);
    screens.screens = Array.from({ length: 10_000 }, (_, i) => ({ ...PILOT_PRESET.screens[0]!, taskId: i + 1 }));
    expect(problemsOf(screens)).toContainEqual({ path: 'screens', message: 'has 10000 screens; at most 200 are allowed' });

    const wide = clone(PILOT_PRESET);
    wide.layout.itemsPerRow = 1000;
    wide.screens[0]!.rows[0]!.items = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(problemsOf(wide)).toEqual(
      expect.arrayContaining([
        { path: 'layout.itemsPerRow', message: 'is 1000; it must be at most 60' },
        { path: 'screens[0].rows[0].items', message: 'has 1000 items; at most 60 are allowed' },
      ]),
    );
  });
  it('a 5 MB name, a long row label, too many catalogue items', () => {
    const named = clone(PILOT_PRESET);
    named.name = 'x'.repeat(5_000_000);
    named.screens[0]!.rows[0]!.label = 'y'.repeat(101);
    expect(problemsOf(named)).toEqual([
      { path: 'name', message: 'is 5000000 characters long; at most 200 are allowed' },
      { path: 'screens[0].rows[0].label', message: 'is 101 characters long; at most 100 are allowed' },
    ]);
    const inline = clone(PILOT_PRESET) as unknown as { catalogue: unknown };
    inline.catalogue = {
      kind: 'inline',
      items: Array.from({ length: 20_001 }, (_, i) => ({ id: i + 1, title: 't', year: 2000, genres: [], cast: [] })),
    };
    expect(problemsOf(inline)).toContainEqual({ path: 'catalogue.items', message: 'has 20001 items; at most 20000 are allowed' });
  });
  it('numbers must be finite and in range: JSON 1e999 (Infinity), a negative tile, a year 99999', () => {
    const text = JSON.stringify(PILOT_PRESET)
      .replace('"tileWidth":342', '"tileWidth":1e999')
      .replace('"driftThresholdPx":250', '"driftThresholdPx":-3');
    const r = parseStudyConfigJson(text);
    expect(!r.ok && r.problems).toEqual([
      { path: 'layout.tileWidth', message: 'must be a finite number' },
      { path: 'gaze.driftThresholdPx', message: 'is -3; it must be at least 10' },
    ]);
    const years = clone(PILOT_PRESET) as unknown as { catalogue: unknown };
    years.catalogue = { kind: 'inline', items: [{ id: 1, title: 't', year: 99999, genres: [], cast: [] }] };
    expect(problemsOf(years)).toContainEqual({ path: 'catalogue.items[0].year', message: 'is 99999; it must be at most 2100' });
  });
  it('a config text over 5,000,000 characters is refused before it is parsed', () => {
    const r = parseStudyConfigJson(' '.repeat(5_000_001));
    expect(!r.ok && r.problems).toEqual([{ path: '(root)', message: 'is 5000001 characters long; a config may be at most 5000000' }]);
  });
});
