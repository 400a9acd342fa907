// Validation of the RecGaze-format CSV files, in one place: which columns each file needs and what
// each column may hold. A problem is reported with the file, line and column (name and number).
import { csvRecords } from '../core/csv/parse.ts';
import { unguardFormula } from '../core/csv/write.ts';
import {
  AOI_DATA_COLUMNS,
  AOI_DATA_TYPES,
  AOI_TYPES,
  CLICK_FEEDBACK_COLUMNS,
  FAMILIES,
  FIRST_TASK_VALUES,
  PREFERRED_GENRE_VALUES,
  SUMMARY_FEEDBACK_COLUMNS,
  TOP_GENRE_VALUES,
  aoiColumns,
} from './recgaze-columns.ts';
import { importError } from './import-error.ts';

export type Rule =
  | { kind: 'int'; min?: number; max?: number; required?: boolean }
  | { kind: 'number'; min?: number; required?: boolean }
  | { kind: 'enum'; values: readonly string[]; required?: boolean }
  | { kind: 'string'; required?: boolean };

export interface TableSpec {
  file: string;
  required: readonly string[];
  rules: Record<string, Rule>;
}

const int = (min?: number, max?: number, required = false): Rule => ({
  kind: 'int',
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
  required,
});

function familyRules(): Record<string, Rule> {
  const out: Record<string, Rule> = {};
  for (const f of FAMILIES) {
    const [type, movieId, position, row, , top, preferred, rating] = aoiColumns(f);
    out[type!] = { kind: 'enum', values: AOI_TYPES };
    out[movieId!] = int(0);
    out[position!] = int(1, 1000);
    out[row!] = int(1, 1000);
    out[top!] = { kind: 'enum', values: TOP_GENRE_VALUES };
    out[preferred!] = { kind: 'enum', values: PREFERRED_GENRE_VALUES };
    out[rating!] = int(1, 5);
  }
  return out;
}

const ID_RULES: Record<string, Rule> = {
  UserID: { kind: 'string', required: true },
  SubjectID: int(),
  TaskID: int(0, 10000, true),
  Timestamp: { kind: 'number', required: true },
};

export const SUMMARY_SPEC: TableSpec = {
  file: 'summary_feedback.csv',
  required: SUMMARY_FEEDBACK_COLUMNS,
  rules: { ...ID_RULES, ...familyRules(), Fixation_Duration: { kind: 'number', min: 0 }, Cursor_Duration: { kind: 'number', min: 0 } },
};

export const CLICK_SPEC: TableSpec = {
  file: 'click_feedback.csv',
  required: CLICK_FEEDBACK_COLUMNS,
  rules: { ...ID_RULES, ...familyRules() },
};

export const ITEM_SPEC: TableSpec = {
  file: 'item_features.csv',
  required: ['TaskID', 'Carousel_position', 'Carousel_genre', 'MovieID', 'Movie_position_in_carousel'],
  rules: {
    TaskID: int(0, 10000, true),
    Carousel_position: int(1, 1000, true),
    Carousel_genre: { kind: 'string', required: true },
    MovieID: int(0, undefined, true),
    Movie_position_in_carousel: int(1, 1000, true),
  },
};

export const USER_SPEC: TableSpec = {
  file: 'user_features.csv',
  required: ['UserID'],
  rules: { UserID: { kind: 'string', required: true }, SubjectIDs: int(), First_task: { kind: 'enum', values: FIRST_TASK_VALUES } },
};

export const AOI_SPEC: TableSpec = {
  file: 'aoi_data.csv',
  required: AOI_DATA_COLUMNS,
  rules: {
    AOI_type: { kind: 'enum', values: AOI_DATA_TYPES, required: true },
    Row_num: int(1, 1000),
    Row_position: int(1, 1000),
    Page: int(1, 100),
    AOI_min_x: { kind: 'number', required: true },
    AOI_max_x: { kind: 'number', required: true },
    AOI_min_y: { kind: 'number', required: true },
    AOI_max_y: { kind: 'number', required: true },
  },
};

export const TABLE_SPECS: readonly TableSpec[] = [SUMMARY_SPEC, CLICK_SPEC, ITEM_SPEC, USER_SPEC, AOI_SPEC];

/** Missing values: `NA` as written by the app and R, empty as written by pandas. */
export const isMissing = (v: string): boolean => v === '' || v === 'NA' || v === 'NaN' || v === 'nan';

/** A validated table: cells as strings (NA → null), formula guard removed. */
export interface Table {
  file: string;
  header: string[];
  rows: TableRow[];
}

function check(rule: Rule, raw: string): string | null {
  if (isMissing(raw)) return rule.required ? 'is required but missing (NA)' : null;
  switch (rule.kind) {
    case 'int': {
      const n = Number(raw);
      // pandas writes integer columns that contain NA as floats ("3.0").
      if (!/^-?\d+(\.0+)?$/.test(raw.trim()) || !Number.isSafeInteger(n)) return `"${raw}" is not an integer`;
      if (rule.min !== undefined && n < rule.min) return `${n} is below ${rule.min}`;
      if (rule.max !== undefined && n > rule.max) return `${n} is above ${rule.max}`;
      return null;
    }
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return `"${raw}" is not a number`;
      if (rule.min !== undefined && n < rule.min) return `${n} is below ${rule.min}`;
      return null;
    }
    case 'enum':
      return rule.values.includes(raw) ? null : `"${raw}" is not one of ${rule.values.join(', ')}`;
    default:
      return null;
  }
}

export interface TableRow {
  line: number;
  /** Cell of a column (NA → null, formula guard removed); null when the column is absent. */
  get(column: string): string | null;
  /** 1-based column number of a column name (for error messages). */
  columnOf(column: string): number | undefined;
  /** The row as a value that may be stored (rows of a scan are otherwise dropped as it goes). */
  keep(): TableRow;
}

/**
 * Parses and validates a file record by record, handing each valid row to `onRow` (big files are
 * never held as arrays of cells). Throws an ImportError at the first problem.
 */
export function scanTable(text: string, spec: TableSpec, onRow: (row: TableRow) => void, fileName = spec.file): string[] {
  const records = csvRecords(text, fileName);
  const first = records.next();
  if (first.done) throw importError(fileName, 'file is empty (no header line)');
  const header = first.value.cells;
  const index = new Map<string, number>();
  header.forEach((h, k) => {
    if (index.has(h)) throw importError(fileName, `duplicate column name "${h}"`, first.value.line, k + 1);
    index.set(h, k);
  });
  const missing = spec.required.filter((c) => !index.has(c));
  if (missing.length) throw importError(fileName, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, first.value.line);
  const checks = header.map((h, i) => ({ i, h, rule: spec.rules[h] })).filter((c) => c.rule !== undefined);
  // The export guards every text cell against spreadsheet formulas (core/csv/write.ts); undo it on
  // every cell (a number is never guarded, and the original files have no guarded cells).
  const rowOf = (line: number, cells: string[]): TableRow => ({
    line,
    get(column: string): string | null {
      const i = index.get(column);
      if (i === undefined) return null;
      const v = cells[i]!;
      return isMissing(v) ? null : unguardFormula(v);
    },
    columnOf(column: string): number | undefined {
      const i = index.get(column);
      return i === undefined ? undefined : i + 1;
    },
    keep() {
      return this;
    },
  });
  for (const r of records) {
    if (r.cells.length !== header.length)
      throw importError(
        fileName,
        `has ${r.cells.length} fields, the header has ${header.length}`,
        r.line,
        Math.min(r.cells.length, header.length) + 1,
      );
    for (const c of checks) {
      const problem = check(c.rule!, unguardFormula(r.cells[c.i]!));
      if (problem) throw importError(fileName, `${c.h} ${problem}`, r.line, c.i + 1);
    }
    onRow(rowOf(r.line, r.cells));
  }
  return header;
}

/** Parses and validates a whole (small) file into rows. */
export function readTable(text: string, spec: TableSpec, fileName = spec.file): Table {
  const rows: TableRow[] = [];
  const header = scanTable(text, spec, (row) => rows.push(row.keep()), fileName);
  return { file: fileName, header, rows };
}
