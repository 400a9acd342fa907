// RFC 4180 CSV writing: CRLF line ends, fields quoted only when they hold a comma, a quote, CR or
// LF (or leading/trailing spaces, which some readers trim). Pure; the zip/download code streams
// the strings this returns.

export type CsvValue = string | number | boolean | null | undefined;

/** What a missing value is written as in the RecGaze files. */
export const NA = 'NA';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/** Cells a spreadsheet would evaluate as a formula (OWASP CSV injection list). */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Free-text cells that a spreadsheet would read as a formula get a leading `'`. Values that already
 * start with quotes followed by a trigger get one more, so `unguardFormula` is an exact inverse.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Inverse of `guardFormula`, applied by the importer to free-text columns. */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** Numbers as plain decimals (no exponent for the magnitudes we write); NaN/Infinity become NA. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return NA;
  return Object.is(value, -0) ? '0' : String(value);
}

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return NA;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export interface CsvWriteOptions {
  /** Indexes of columns holding free text (formula-guarded). */
  freeText?: ReadonlySet<number>;
}

export function csvLine(row: readonly CsvValue[], options: CsvWriteOptions = {}): string {
  let out = '';
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    const guarded = options.freeText?.has(i) && typeof v === 'string' ? guardFormula(v) : v;
    out += (i ? ',' : '') + csvCell(guarded);
  }
  return out + '\r\n';
}

/** A whole CSV document: header line then one line per row, each ending in CRLF. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: CsvWriteOptions = {}): string {
  let out = csvLine(header);
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`toCsv: row has ${row.length} cells, header has ${header.length}`);
    out += csvLine(row, options);
  }
  return out;
}

/** Column indexes of the named free-text columns of a header. */
export function freeTextColumns(header: readonly string[], names: Iterable<string>): Set<number> {
  const wanted = new Set(names);
  const out = new Set<number>();
  header.forEach((h, i) => {
    if (wanted.has(h)) out.add(i);
  });
  return out;
}
