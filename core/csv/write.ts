// The one CSV writer of the app: the export's files, the analysis result tables and the figure
// CSVs all go through these functions, so they share one rule for line ends, numbers, missing
// values, quoting and the formula guard. Pure; the zip/download code streams the strings this
// returns (the export's hot gaze loop writes the same bytes directly, see zip/byte-sink.ts).
//
// - CSV (RFC 4180): CRLF line ends; a field is quoted only when it holds a comma, a quote, CR or LF
//   (or leading/trailing spaces, which some readers trim).
// - BIDS TSV: tab separated, LF line ends, `n/a` for missing values, no quoting (BIDS has none):
//   tabs and line breaks inside a text cell become spaces.
// - Numbers: at most 6 decimals, no exponent for the magnitudes we write, -0 as 0; NaN and ±Infinity
//   are missing values. `pyFloat(v)` prints as Python prints a float (`76.0`), like the original
//   dataset's coordinates.
// - Formula guard (on by default): every text cell a spreadsheet would evaluate as a formula gets a
//   leading `'` (OWASP CSV injection list: = + - @ tab CR). Numbers are never text cells, so they
//   are never guarded. `formulaGuard: false` writes text as it is (for R and pandas users).

/** A number printed with at least one decimal (`76.0`), as Python/pandas print floats. */
export interface PyFloat {
  readonly pyFloat: number;
}
export const pyFloat = (value: number): PyFloat => ({ pyFloat: value });

export type CsvValue = string | number | boolean | null | undefined | PyFloat;

/** What a missing value is written as in the RecGaze CSV files. */
export const NA = 'NA';

export interface CsvDialect {
  separator: ',' | '\t';
  lineEnd: '\r\n' | '\n';
  /** Text of a missing value (null, undefined, NaN, ±Infinity). */
  missing: string;
  /** `rfc4180`: quote fields that need it; `none`: replace tabs and line breaks by spaces. */
  quoting: 'rfc4180' | 'none';
}

export const CSV: CsvDialect = { separator: ',', lineEnd: '\r\n', missing: NA, quoting: 'rfc4180' };
export const BIDS_TSV: CsvDialect = { separator: '\t', lineEnd: '\n', missing: 'n/a', quoting: 'none' };

export interface CsvWriteOptions {
  /** Default: CSV. Override single fields with `{ ...CSV, missing: '' }`. */
  dialect?: CsvDialect;
  /** Guard text cells against spreadsheet formulas (default true). */
  formulaGuard?: boolean;
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/** Cells a spreadsheet would evaluate as a formula (OWASP CSV injection list). */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const TSV_BREAKS = /[\t\r\n]/g;
/** Decimals kept by the number rule. */
const DECIMALS = 1e6;

/**
 * Text that a spreadsheet would read as a formula gets a leading `'`. Values that already start
 * with quotes followed by a trigger get one more, so `unguardFormula` is an exact inverse.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Inverse of `guardFormula`, applied by the importer to every text cell. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** The number rule: at most 6 decimals, -0 as 0; `missing` for NaN and ±Infinity. */
export function formatNumber(value: number, missing = NA): string {
  if (!Number.isFinite(value)) return missing;
  const v = Number.isInteger(value) ? value : Math.round(value * DECIMALS) / DECIMALS;
  return Object.is(v, -0) ? '0' : String(v);
}

/** A number as Python prints a float: the number rule, plus `.0` on whole numbers. */
export function formatPyFloat(value: number, missing = NA): string {
  const text = formatNumber(value, missing);
  return Number.isFinite(value) && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

function textCell(text: string, dialect: CsvDialect, guard: boolean): string {
  const t = guard ? guardFormula(text) : text;
  if (dialect.quoting === 'none') return t.replace(TSV_BREAKS, ' ');
  return NEEDS_QUOTES.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

export function csvCell(value: CsvValue, options: CsvWriteOptions = {}): string {
  const dialect = options.dialect ?? CSV;
  if (value === null || value === undefined) return dialect.missing;
  if (typeof value === 'number') return formatNumber(value, dialect.missing);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') return formatPyFloat(value.pyFloat, dialect.missing);
  return textCell(value, dialect, options.formulaGuard ?? true);
}

export function csvLine(row: readonly CsvValue[], options: CsvWriteOptions = {}): string {
  const dialect = options.dialect ?? CSV;
  let out = '';
  for (let i = 0; i < row.length; i++) out += (i ? dialect.separator : '') + csvCell(row[i], options);
  return out + dialect.lineEnd;
}

/** A whole CSV document: header line then one line per row. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvWriteOptions = {}): string {
  let out = csvLine(header, options);
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`toCsv: row has ${row.length} cells, header has ${header.length}`);
    out += csvLine(row, options);
  }
  return out;
}
