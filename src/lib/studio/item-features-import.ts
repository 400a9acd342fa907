// The RecGaze dataset's item_features.csv (Zenodo record 15270518, or an export of this app) as a
// catalogue: TMDB ids become the item ids (so MovieID matches the original dataset's), overviews
// become synopses, poster paths are kept. The file also lists which movie sat where on every
// screen, so the study's screens of the same TaskIDs can be rebuilt on the TMDB ids. Pure.
import * as v from 'valibot';
import { csvRecords, CsvError } from '../../../core/csv/parse.ts';
import { unguardFormula } from '../../../core/csv/write.ts';
import { CatalogueItemSchema, type CatalogueItem, type ScreenDef, type StudyConfig } from '../../../core/study-config/schema.ts';
import type { ImportProblem } from './catalogue-import.ts';

/** Columns that identify the RecGaze item_features.csv. */
const SIGNATURE = ['TMDB_id', 'TMDB_title', 'MovieID', 'TaskID', 'Carousel_position', 'Movie_position_in_carousel'];
/** Rows an import reads at most (the original file has 6,150; a few studies' worth beyond that). */
export const MAX_ITEM_FEATURE_ROWS = 100_000;

export interface ImportedScreenRow {
  genre: string;
  /** MovieIDs by Movie_position_in_carousel. */
  items: number[];
}

export type ItemFeaturesImport =
  { ok: true; items: CatalogueItem[]; screens: Map<number, ImportedScreenRow[]> } | { ok: false; problems: ImportProblem[] };

export function isItemFeaturesHeader(header: readonly string[]): boolean {
  return SIGNATURE.every((c) => header.includes(c));
}

/** Whether a CSV file's header is the one of item_features.csv. */
export function looksLikeItemFeatures(text: string): boolean {
  const end = text.search(/\r?\n/);
  const line = (end < 0 ? text : text.slice(0, end)).replace(/^\uFEFF/, '');
  return isItemFeaturesHeader(line.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

const missing = (cell: string | undefined): boolean => cell === undefined || cell === '' || cell === 'NA' || cell === 'NaN';

/** `['A', "B's"]` (Python), `["A","B"]` (JSON, as this app exports) or `A, B` → the names. */
export function parseListCell(cell: string): string[] {
  const text = cell.trim();
  if (!text.startsWith('[')) return text ? text.split(/\s*,\s*/).filter(Boolean) : [];
  try {
    const json: unknown = JSON.parse(text);
    if (Array.isArray(json)) return json.map(String);
  } catch {
    // Not JSON: a Python list literal.
  }
  const out: string[] = [];
  for (const m of text.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)) out.push((m[1] ?? m[2]!).replace(/\\(.)/g, '$1'));
  return out;
}

/** Year of `MM-DD-YYYY` (the dataset's format) or `YYYY-MM-DD`; null when there is none. */
export function yearOf(date: string): number | null {
  const m = /^(\d{4})-\d\d-\d\d$/.exec(date) ?? /^\d\d-\d\d-(\d{4})$/.exec(date);
  return m ? Number(m[1]) : null;
}

/** `/abc.jpg` or a full TMDB image URL → `abc` (the poster file id used by `stimuli/posters/`). */
const imageIdOf = (posterPath: string): string => (posterPath.split('/').pop() ?? '').replace(/\.(jpe?g|png|webp)$/i, '');

export function parseItemFeaturesCsv(text: string, fileName = 'item_features.csv'): ItemFeaturesImport {
  const problems: ImportProblem[] = [];
  const items = new Map<number, CatalogueItem>();
  const screens = new Map<number, ImportedScreenRow[]>();
  try {
    const records = csvRecords(text, fileName);
    const first = records.next();
    if (first.done) return { ok: false, problems: [{ field: '(file)', message: 'the file is empty' }] };
    const header = first.value.cells;
    if (!isItemFeaturesHeader(header))
      return {
        ok: false,
        problems: [{ where: 'line 1', field: 'header', message: `is not RecGaze item_features.csv (needs ${SIGNATURE.join(', ')})` }],
      };
    const col = (cells: string[], name: string): string | undefined => {
      const c = cells[header.indexOf(name)];
      return missing(c) ? undefined : unguardFormula(c!);
    };
    let rows = 0;
    for (const { line, cells } of records) {
      if (++rows > MAX_ITEM_FEATURE_ROWS) {
        problems.push({ field: '(file)', message: `has more than ${MAX_ITEM_FEATURE_ROWS.toLocaleString('en')} rows` });
        break;
      }
      const where = `line ${line}`;
      if (cells.length !== header.length) {
        problems.push({ where, field: '(row)', message: `has ${cells.length} cells but the header has ${header.length} columns` });
        continue;
      }
      const ints: Record<string, number> = {};
      for (const name of ['MovieID', 'TaskID', 'Carousel_position', 'Movie_position_in_carousel']) {
        const raw = col(cells, name);
        const n = Number(raw);
        // pandas writes integer columns as "3.0" when they hold a missing value.
        if (raw === undefined || !/^\d+(\.0+)?$/.test(raw) || !Number.isSafeInteger(n) || (name !== 'TaskID' && n < 1))
          problems.push({ where, field: name, message: raw === undefined ? 'is missing' : `"${raw}" is not a positive whole number` });
        else ints[name] = n;
      }
      if (Object.keys(ints).length < 4) continue;
      const id = ints.MovieID!;
      if (!items.has(id)) {
        const poster = col(cells, 'TMDB_poster_path');
        const tmdb = Number(col(cells, 'TMDB_id'));
        const raw = {
          id,
          title: col(cells, 'TMDB_title') ?? '',
          year: yearOf(col(cells, 'TMDB_release_date') ?? ''),
          genres: parseListCell(col(cells, 'TMDB_genres') ?? ''),
          cast: parseListCell(col(cells, 'TMDB_cast') ?? ''),
          ...(Number.isSafeInteger(tmdb) && tmdb > 0 ? { tmdbId: tmdb } : {}),
          ...(col(cells, 'TMDB_overview') ? { synopsis: col(cells, 'TMDB_overview') } : {}),
          ...(poster ? { posterPath: poster, imageId: imageIdOf(poster) } : {}),
        };
        const parsed = v.safeParse(CatalogueItemSchema, raw);
        if (parsed.success) items.set(id, parsed.output);
        else
          for (const issue of parsed.issues)
            problems.push({ where, field: issue.path?.map((p) => String(p.key)).join('.') ?? '(item)', message: issue.message });
      }
      let rowsOfScreen = screens.get(ints.TaskID!);
      if (!rowsOfScreen) screens.set(ints.TaskID!, (rowsOfScreen = []));
      const row = (rowsOfScreen[ints.Carousel_position! - 1] ??= {
        genre: col(cells, 'Carousel_genre') ?? `Row ${ints.Carousel_position}`,
        items: [],
      });
      row.items[ints.Movie_position_in_carousel! - 1] = id;
    }
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, problems: [{ where: `line ${e.line}`, field: '(file)', message: e.message }] };
    throw e;
  }
  for (const [taskId, rows] of screens) {
    rows.forEach((r, i) => {
      if (!r) problems.push({ field: 'Carousel_position', message: `TaskID ${taskId} has no movies in row ${i + 1}` });
      else if (r.items.some((x) => x === undefined) || r.items.length === 0)
        problems.push({ field: 'Movie_position_in_carousel', message: `TaskID ${taskId} row ${i + 1} skips a position` });
    });
  }
  if (problems.length) return { ok: false, problems: problems.slice(0, 50) };
  if (!items.size) return { ok: false, problems: [{ field: '(file)', message: 'has a header but no movies' }] };
  return { ok: true, items: [...items.values()], screens };
}

/**
 * The study on the imported catalogue: its screens whose TaskID the file lists get the file's rows
 * (genres and TMDB ids in the original order; a direct-search target keeps its row and position and
 * takes the movie found there). Other screens keep their rows, whose ids may not exist in the new
 * catalogue: regenerate those.
 */
export function withItemFeatures(
  config: StudyConfig,
  items: CatalogueItem[],
  screens: ReadonlyMap<number, ImportedScreenRow[]>,
): StudyConfig {
  const rebuilt = config.screens.map((screen): ScreenDef => {
    const rows = screens.get(screen.taskId);
    if (!rows) return screen;
    const next: ScreenDef = { ...screen, rows: rows.map((r) => ({ label: r.genre, genre: r.genre, items: [...r.items] })) };
    if (screen.target) {
      const movieId = rows[screen.target.row - 1]?.items[screen.target.position - 1];
      if (movieId !== undefined) next.target = { ...screen.target, movieId };
    }
    return next;
  });
  return { ...config, catalogue: { kind: 'inline', items }, screens: rebuilt };
}
