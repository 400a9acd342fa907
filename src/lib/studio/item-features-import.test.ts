import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../core/csv/write.ts';
import { ITEM_FEATURES_COLUMNS } from '../../../format/recgaze-columns.ts';
import { createSession } from '../../../format/testing/create-session.ts';
import { exportFiles } from '../../../format/testing/export-files.ts';
import { PILOT_PRESET } from '../../../stimuli/presets.ts';
import { loadCatalogue } from '../../../stimuli/catalogue.ts';
import { looksLikeItemFeatures, parseItemFeaturesCsv, parseListCell, withItemFeatures, yearOf } from './item-features-import.ts';

/** A row of item_features.csv as the public dataset writes it (pandas: empty cells for NaN, Python list reprs). */
function row(cells: Partial<Record<(typeof ITEM_FEATURES_COLUMNS)[number], string | number>>): (string | number | null)[] {
  return ITEM_FEATURES_COLUMNS.map((c) => cells[c] ?? '');
}

const HEAT = {
  TMDB_id: 949,
  TMDB_title: 'Heat',
  TMDB_original_language: 'en',
  TMDB_genres: 'Action, Crime, Drama',
  TMDB_release_date: '12-15-1995',
  TMDB_cast: "['Al Pacino', 'Robert De Niro', \"Val Kilmer's Double\"]",
  TMDB_overview: 'Obsessive master thief, Neil McCauley leads a "top-notch" crew,\nand a detective follows.',
  TMDB_poster_path: '/umSVjVdbVwtx5ryCA2QXL44Durm.jpg',
  MovieID: 949,
};
const UP = {
  TMDB_id: 14160,
  TMDB_title: 'Up',
  TMDB_genres: 'Animation',
  TMDB_cast: '[]',
  TMDB_poster_path: '/mFvoEwSfLqbcWwFsDjQebn9bzFe.jpg',
  MovieID: 14160,
};

const FILE = toCsv(
  ITEM_FEATURES_COLUMNS,
  [
    row({ ...HEAT, TaskID: 1, Carousel_position: 1, Carousel_genre: 'Action', Movie_position_in_carousel: 1 }),
    row({ ...UP, TaskID: 1, Carousel_position: 1, Carousel_genre: 'Action', Movie_position_in_carousel: 2 }),
    row({ ...UP, TaskID: 1, Carousel_position: 2, Carousel_genre: 'Animation', Movie_position_in_carousel: 1 }),
    row({ ...HEAT, TaskID: 36, Carousel_position: 1, Carousel_genre: 'Crime', Movie_position_in_carousel: 1 }),
  ],
  { dialect: { separator: ',', lineEnd: '\n', missing: '', quoting: 'rfc4180' }, formulaGuard: false },
);

describe('parseListCell() / yearOf()', () => {
  it('reads Python and JSON lists and plain comma lists; years of both date formats', () => {
    expect(parseListCell("['A', \"B's\", 'C\\'s']")).toEqual(['A', "B's", "C's"]);
    expect(parseListCell('["A","B"]')).toEqual(['A', 'B']);
    expect(parseListCell('Action, Crime')).toEqual(['Action', 'Crime']);
    expect(parseListCell('')).toEqual([]);
    expect([yearOf('12-15-1995'), yearOf('1995-12-15'), yearOf('1995')]).toEqual([1995, 1995, null]);
  });
});

describe('parseItemFeaturesCsv()', () => {
  it('returns one item per TMDB id (MovieID) with synopsis and poster path, and the screens it lists', () => {
    const result = parseItemFeaturesCsv(FILE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.items).toEqual([
      {
        id: 949,
        tmdbId: 949,
        title: 'Heat',
        year: 1995,
        genres: ['Action', 'Crime', 'Drama'],
        cast: ['Al Pacino', 'Robert De Niro', "Val Kilmer's Double"],
        synopsis: HEAT.TMDB_overview,
        posterPath: HEAT.TMDB_poster_path,
        imageId: 'umSVjVdbVwtx5ryCA2QXL44Durm',
      },
      expect.objectContaining({ id: 14160, title: 'Up', year: null, cast: [], imageId: 'mFvoEwSfLqbcWwFsDjQebn9bzFe' }),
    ]);
    expect(result.screens.get(1)).toEqual([
      { genre: 'Action', items: [949, 14160] },
      { genre: 'Animation', items: [14160] },
    ]);
    expect(result.screens.get(36)).toEqual([{ genre: 'Crime', items: [949] }]);
  });

  it("reads back this app's own item_features.csv (guarded, JSON cast lists) with the catalogue's metadata", async () => {
    const files = await exportFiles([createSession()]);
    const result = parseItemFeaturesCsv(strFromU8(files['item_features.csv']!));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const catalogue = await loadCatalogue({ kind: 'builtin', id: 'recgaze' });
    expect(result.items).toHaveLength(3 * 10 * 15);
    for (const item of result.items) {
      const original = catalogue.get(item.id)!;
      expect(item).toMatchObject({
        title: original.title,
        genres: original.genres,
        cast: original.cast.slice(0, 3),
        imageId: original.imageId,
      });
    }
    expect([...result.screens.keys()]).toEqual([1, 31, 36]);
  });

  it('names the line and column of each problem, and refuses files that are not item_features.csv', () => {
    const bad = FILE.replace('\n949,Heat', '\n949,').replace(',1,Action,14160,2\n', ',1,Action,x,2\n');
    const result = parseItemFeaturesCsv(bad);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => `${p.where} ${p.field}: ${p.message}`)).toEqual([
        'line 2 title: must not be empty',
        // Line 4: Heat's overview on line 2 holds a line break.
        'line 4 MovieID: "x" is not a positive whole number',
      ]);
    expect([looksLikeItemFeatures(FILE), looksLikeItemFeatures('title,year\nHeat,1995\n')]).toEqual([true, false]);
    expect(parseItemFeaturesCsv('title,year\nHeat,1995\n')).toMatchObject({ ok: false, problems: [{ field: 'header' }] });
    expect(parseItemFeaturesCsv('')).toMatchObject({ ok: false, problems: [{ field: '(file)' }] });
  });
});

describe('withItemFeatures()', () => {
  it('puts the imported rows on the screens of the same TaskIDs and moves a direct-search target to the movie at its place', () => {
    const result = parseItemFeaturesCsv(FILE);
    if (!result.ok) throw new Error('fixture does not parse');
    const pilot = {
      ...PILOT_PRESET,
      screens: PILOT_PRESET.screens.map((s) => (s.taskId === 36 ? { ...s, target: { row: 1, position: 1, movieId: 5 } } : s)),
    };
    const config = withItemFeatures(pilot, result.items, result.screens);
    expect(config.catalogue).toEqual({ kind: 'inline', items: result.items });
    expect(config.screens.find((s) => s.taskId === 1)!.rows).toEqual([
      { label: 'Action', genre: 'Action', items: [949, 14160] },
      { label: 'Animation', genre: 'Animation', items: [14160] },
    ]);
    expect(config.screens.find((s) => s.taskId === 36)!.target).toEqual({ row: 1, position: 1, movieId: 949 });
    expect(config.screens.find((s) => s.taskId === 31)).toEqual(PILOT_PRESET.screens.find((s) => s.taskId === 31));
  });
});
