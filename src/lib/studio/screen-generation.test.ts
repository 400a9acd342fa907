import { describe, expect, it } from 'vitest';
import { RECGAZE_PRESET } from '../../../stimuli/presets.ts';
import catalogueJson from '../../../stimuli/recgaze/catalogue.json';
import type { CatalogueItem, ScreenDef } from '../../../core/study-config/schema.ts';
import { validateStudyConfig } from '../../../core/study-config/validate.ts';
import { positionCounts } from './row-orders.ts';
import { generateScreens, type GeneratorSpec } from './screen-generation.ts';

const recgaze = (catalogueJson as { items: CatalogueItem[] }).items;
const GENRES = ['Action', 'Animation', 'Comedy', 'Crime', 'Drama', 'Fantasy', 'Horror', 'Romance', 'Sci-Fi', 'Thriller'];
const LAYOUT = { itemsPerRow: 15, pageStep: 5 };

function spec(overrides: Partial<GeneratorSpec> = {}): GeneratorSpec {
  return {
    seed: 2025,
    rows: GENRES.map((label) => ({ label })),
    practice: 'generate',
    free: { source: 'generate', count: 30 },
    semi: { source: 'generate', count: 5 },
    direct: { source: 'generate', count: 5, targets: 'sampled', chosen: [] },
    ...overrides,
  };
}

function screensOf(result: ReturnType<typeof generateScreens>): ScreenDef[] {
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.screens;
}

function allItems(screens: ScreenDef[]): number[] {
  return screens.flatMap((s) => s.rows.flatMap((r) => r.items));
}

describe('generateScreens()', () => {
  it('builds a RecGaze-sized study with no item on two screens', () => {
    const screens = screensOf(generateScreens(spec(), LAYOUT, recgaze));
    expect(screens.map((s) => s.taskId)).toEqual([...Array(41).keys()]);
    expect(screens.filter((s) => s.task === 'free_browsing')).toHaveLength(30);
    const items = allItems(screens);
    expect(items).toHaveLength(41 * 10 * 15);
    expect(new Set(items).size).toBe(items.length);
  });

  it('draws every row from its genre and balances free-browsing row positions', () => {
    const screens = screensOf(generateScreens(spec(), LAYOUT, recgaze));
    const byId = new Map(recgaze.map((c) => [c.id, c]));
    for (const s of screens) for (const r of s.rows) for (const id of r.items) expect(byId.get(id)?.genres).toContain(r.label);
    const counts = positionCounts(screens.filter((s) => s.task === 'free_browsing').map((s) => s.rows.map((r) => r.label)));
    for (const genre of GENRES) expect(counts.get(genre)).toEqual(Array(10).fill(3));
  });

  it('gives semi-free screens a genre of one of their rows and direct-search screens a real target', () => {
    const screens = screensOf(generateScreens(spec(), LAYOUT, recgaze));
    const semi = screens.filter((s) => s.task === 'semi_free');
    expect(new Set(semi.map((s) => s.genre)).size).toBe(5);
    for (const s of screens.filter((x) => x.task === 'direct_search')) {
      const t = s.target!;
      expect(s.rows[t.row - 1]?.items[t.position - 1]).toBe(t.movieId);
    }
    const config = { ...RECGAZE_PRESET, id: 'generated', screens };
    expect(validateStudyConfig(config, new Set(recgaze.map((c) => c.id)))).toMatchObject({ ok: true });
  });

  it('spreads sampled targets over distinct rows and pages', () => {
    const screens = screensOf(
      generateScreens(
        spec({ practice: 'none', direct: { source: 'generate', count: 6, targets: 'sampled', chosen: [] } }),
        LAYOUT,
        recgaze,
      ),
    );
    const targets = screens.filter((s) => s.task === 'direct_search').map((s) => s.target!);
    expect(new Set(targets.map((t) => t.row)).size).toBe(6);
    const pages = targets.map((t) => Math.ceil(t.position / 5));
    for (const page of [1, 2, 3]) expect(pages.filter((p) => p === page)).toHaveLength(2);
  });

  it('uses chosen targets as given', () => {
    const chosen = [
      { row: 2, position: 7 },
      { row: 9, position: 15 },
    ];
    const screens = screensOf(
      generateScreens(
        spec({ free: { source: 'none', count: 1 }, direct: { source: 'generate', count: 2, targets: 'chosen', chosen } }),
        LAYOUT,
        recgaze,
      ),
    );
    expect(screens.filter((s) => s.task === 'direct_search').map((s) => ({ row: s.target!.row, position: s.target!.position }))).toEqual(
      chosen,
    );
  });

  it('is reproducible from its seed', () => {
    const a = screensOf(generateScreens(spec(), LAYOUT, recgaze));
    expect(screensOf(generateScreens(spec(), LAYOUT, recgaze))).toEqual(a);
    expect(screensOf(generateScreens(spec({ seed: 2026 }), LAYOUT, recgaze))).not.toEqual(a);
  });

  it('keeps preset screens and generates others without repeating their items', () => {
    const screens = screensOf(
      generateScreens(
        spec({ practice: 'preset', free: { source: 'preset', count: 30 }, semi: { source: 'generate', count: 3 } }),
        LAYOUT,
        recgaze,
        RECGAZE_PRESET.screens,
      ),
    );
    const presetFree = RECGAZE_PRESET.screens.filter((s) => s.task === 'free_browsing');
    expect(screens.filter((s) => s.task === 'free_browsing').map((s) => s.rows)).toEqual(presetFree.map((s) => s.rows));
    const items = allItems(screens);
    expect(new Set(items).size).toBe(items.length);
  });

  it('cuts preset rows to the layout’s items per row', () => {
    const screens = screensOf(
      generateScreens(
        spec({
          practice: 'preset',
          free: { source: 'preset', count: 2 },
          semi: { source: 'none', count: 1 },
          direct: { source: 'none', count: 1, targets: 'sampled', chosen: [] },
        }),
        { itemsPerRow: 8, pageStep: 4 },
        recgaze,
        RECGAZE_PRESET.screens,
      ),
    );
    expect(screens).toHaveLength(3);
    for (const s of screens) for (const r of s.rows) expect(r.items).toHaveLength(8);
  });

  it('draws custom topics from their own item lists', () => {
    const rows = [{ label: 'Staff picks', itemIds: [10, 11, 12, 13, 14, 15, 16, 17] }, { label: 'Comedy' }];
    const screens = screensOf(
      generateScreens(
        spec({
          rows,
          practice: 'none',
          free: { source: 'generate', count: 2 },
          semi: { source: 'none', count: 1 },
          direct: { source: 'none', count: 1, targets: 'sampled', chosen: [] },
        }),
        { itemsPerRow: 4, pageStep: 2 },
        recgaze,
      ),
    );
    const picks = screens.flatMap((s) => s.rows.filter((r) => r.label === 'Staff picks').flatMap((r) => r.items));
    expect(picks.sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
  });

  it('trims row labels and genres so semi-free genres match their rows', () => {
    const rows = [{ label: ' Drama ' }, { label: 'Funny', genre: ' Comedy ' }, { label: 'Horror', genre: '  ' }];
    const screens = screensOf(
      generateScreens(
        spec({
          rows,
          practice: 'none',
          free: { source: 'none', count: 1 },
          semi: { source: 'generate', count: 3 },
          direct: { source: 'none', count: 1, targets: 'sampled', chosen: [] },
        }),
        LAYOUT,
        recgaze,
      ),
    );
    expect(screens[0]?.rows.map((r) => [r.label, r.genre]).sort()).toEqual([
      ['Drama', undefined],
      ['Funny', 'Comedy'],
      ['Horror', undefined],
    ]);
    expect(screens.map((s) => s.genre).sort()).toEqual(['Comedy', 'Drama', 'Horror']);
    const config = { ...RECGAZE_PRESET, id: 'trimmed', screens };
    expect(validateStudyConfig(config).ok).toBe(true);
  });

  it('names the row whose genre has too few items', () => {
    const tiny: CatalogueItem[] = Array.from({ length: 20 }, (_, i) => ({
      id: i + 1,
      title: `T${i}`,
      year: 2000,
      genres: [i < 16 ? 'A' : 'B'],
      cast: [],
    }));
    const result = generateScreens(
      spec({
        rows: [{ label: 'A' }, { label: 'B' }],
        practice: 'none',
        free: { source: 'generate', count: 2 },
        semi: { source: 'none', count: 1 },
        direct: { source: 'none', count: 1, targets: 'sampled', chosen: [] },
      }),
      { itemsPerRow: 8, pageStep: 4 },
      tiny,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]?.path).toBe('generator.rows[1]');
      expect(result.problems[0]?.message).toMatch(/"B" has 4 unused catalogue items but 2 screens × 8 items need 16/);
    }
  });

  it('reports bad settings by field', () => {
    const result = generateScreens(
      spec({
        rows: [{ label: 'Drama' }, { label: 'Drama' }],
        free: { source: 'generate', count: 0 },
        direct: { source: 'generate', count: 1, targets: 'chosen', chosen: [{ row: 5, position: 1 }] },
      }),
      LAYOUT,
      recgaze,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.path)).toEqual([
        'generator.rows[1].label',
        'generator.free.count',
        'generator.direct.chosen[0].row',
      ]);
    }
    const noPreset = generateScreens(spec({ free: { source: 'preset', count: 3 } }), LAYOUT, recgaze);
    expect(noPreset).toMatchObject({ ok: false, problems: [{ path: 'generator.free.source' }] });
  });
});
