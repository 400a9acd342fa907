import * as v from 'valibot';
import { CatalogueItemSchema, type CatalogueItem } from '../../../core/study-config/schema.ts';

/** A problem in an imported catalogue, e.g. `line 4, year: must be a whole number`. */
export interface ImportProblem {
  /** `line 4` of a CSV file or `item 3` of a JSON file (1-based). */
  where?: string;
  field: string;
  message: string;
}

export type CatalogueImport = { ok: true; items: CatalogueItem[] } | { ok: false; problems: ImportProblem[] };

export function formatImportProblem(p: ImportProblem): string {
  return `${p.where ? `${p.where}, ` : ''}${p.field}: ${p.message}`;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Returns rows with their first line number. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]?.trim()) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow();
  return rows;
}

/** Lists inside one cell: `Action|Drama`, `Action; Drama` or (quoted) `Action, Drama`. */
function splitList(cell: string): string[] {
  const sep = /[|;]/.test(cell) ? /[|;]/ : /,/;
  return cell
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** `posters/abc.jpg` → `abc`: posters are looked up by file id. */
export function imageIdFromFileName(name: string): string {
  const base = name.trim().split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(jpe?g|png|webp|gif|avif)$/i, '');
}

const COLUMN_ALIASES: Record<string, string> = {
  id: 'id',
  title: 'title',
  name: 'title',
  year: 'year',
  genres: 'genres',
  genre: 'genres',
  cast: 'cast',
  actors: 'cast',
  image: 'image',
  imagefile: 'image',
  image_file: 'image',
  poster: 'image',
  imageid: 'imageId',
};

function checkItem(raw: Record<string, unknown>, where: string, problems: ImportProblem[]): CatalogueItem | undefined {
  const parsed = v.safeParse(CatalogueItemSchema, raw);
  if (parsed.success) return parsed.output;
  for (const issue of parsed.issues) {
    const field = issue.path?.map((p) => String(p.key)).join('.') ?? '(item)';
    const message =
      issue.input === undefined
        ? 'is missing'
        : issue.kind === 'schema'
          ? `expected ${issue.expected ?? '?'} but got ${issue.received}`
          : issue.expected && !issue.message.includes('must')
            ? `${issue.received} is not allowed (expected ${issue.expected})`
            : issue.message;
    problems.push({ where, field, message });
  }
  return undefined;
}

function checkDuplicates(items: CatalogueItem[], places: string[], problems: ImportProblem[]) {
  const seen = new Map<number, string>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    const where = places[i] ?? `item ${i + 1}`;
    if (first !== undefined) problems.push({ where, field: 'id', message: `duplicate id ${item.id} (first used at ${first})` });
    else seen.set(item.id, where);
  });
}

/**
 * Catalogue from CSV with a header row: `title` is required; `id` (else 1, 2, … in file order),
 * `year`, `genres`, `cast` and `image` (a poster file name) are optional.
 */
export function parseCatalogueCsv(text: string): CatalogueImport {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows.shift();
  if (!header) return { ok: false, problems: [{ field: '(file)', message: 'the file is empty' }] };
  const columns = header.cells.map((c) => COLUMN_ALIASES[c.trim().toLowerCase().replace(/\s+/g, '_')] ?? null);
  if (!columns.includes('title')) {
    return {
      ok: false,
      problems: [{ where: `line ${header.line}`, field: 'header', message: `needs a "title" column (found: ${header.cells.join(', ')})` }],
    };
  }
  if (rows.length === 0) return { ok: false, problems: [{ field: '(file)', message: 'has a header but no items' }] };
  const problems: ImportProblem[] = [];
  const items: CatalogueItem[] = [];
  const places: string[] = [];
  rows.forEach(({ line, cells }, index) => {
    if (cells.length > columns.length) {
      problems.push({
        where: `line ${line}`,
        field: '(row)',
        message: `has ${cells.length} cells but the header has ${columns.length} columns (quote cells that contain commas)`,
      });
      return;
    }
    const raw: Record<string, unknown> = { id: index + 1, year: null, genres: [], cast: [] };
    columns.forEach((col, c) => {
      const cell = (cells[c] ?? '').trim();
      if (!col) return;
      if (col === 'id' || col === 'year') {
        if (cell === '') return;
        const num = Number(cell);
        if (!Number.isFinite(num)) problems.push({ where: `line ${line}`, field: col, message: `"${cell}" is not a number` });
        else raw[col] = num;
      } else if (col === 'genres' || col === 'cast') raw[col] = splitList(cell);
      else if (col === 'image') {
        if (cell) raw['imageId'] = imageIdFromFileName(cell);
      } else if (col === 'imageId') {
        if (cell) raw['imageId'] = cell;
      } else raw[col] = cell;
    });
    const item = checkItem(raw, `line ${line}`, problems);
    if (item) {
      items.push(item);
      places.push(`line ${line}`);
    }
  });
  checkDuplicates(items, places, problems);
  return problems.length ? { ok: false, problems } : { ok: true, items };
}

/** Catalogue from JSON: an array of items or `{ items: [...] }`; ids default to 1, 2, … */
export function parseCatalogueJson(text: string): CatalogueImport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ field: '(file)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  const list = Array.isArray(json) ? json : (json as { items?: unknown } | null)?.items;
  if (!Array.isArray(list))
    return { ok: false, problems: [{ field: '(file)', message: 'expected an array of items or { "items": [...] }' }] };
  if (list.length === 0) return { ok: false, problems: [{ field: 'items', message: 'has no items' }] };
  const problems: ImportProblem[] = [];
  const items: CatalogueItem[] = [];
  const places: string[] = [];
  list.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) {
      problems.push({ where: `item ${index + 1}`, field: '(item)', message: 'is not an object' });
      return;
    }
    const raw: Record<string, unknown> = { id: index + 1, year: null, genres: [], cast: [], ...entry };
    if (typeof raw['image'] === 'string') {
      raw['imageId'] ??= imageIdFromFileName(raw['image']);
      delete raw['image'];
    }
    const item = checkItem(raw, `item ${index + 1}`, problems);
    if (item) {
      items.push(item);
      places.push(`item ${index + 1}`);
    }
  });
  checkDuplicates(items, places, problems);
  return problems.length ? { ok: false, problems } : { ok: true, items };
}

/** Chooses the parser by file name (`.csv` or `.json`). */
export function parseCatalogueFile(fileName: string, text: string): CatalogueImport {
  if (/\.csv$/i.test(fileName)) return parseCatalogueCsv(text);
  if (/\.json$/i.test(fileName)) return parseCatalogueJson(text);
  return { ok: false, problems: [{ field: '(file)', message: `"${fileName}" is neither .csv nor .json` }] };
}
