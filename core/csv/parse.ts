// RFC 4180 CSV parsing that remembers where every record starts, so import errors can name the
// file, line and column. Accepts CRLF or LF line ends and a leading UTF-8 BOM.

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
}

export class CsvError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number | undefined;
  constructor(file: string, line: number, column: number | undefined, problem: string) {
    super(`${file} line ${line}${column !== undefined ? `, column ${column}` : ''}: ${problem}`);
    this.name = 'CsvError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Splits CSV text into records. Rejects unterminated quotes and text after a closing quote. */
export function parseCsvRecords(text: string, file = 'input.csv'): CsvRecord[] {
  return Array.from(csvRecords(text, file));
}

/** The records of CSV text one at a time (big files need not be held as arrays of cells). */
export function* csvRecords(text: string, file = 'input.csv'): Generator<CsvRecord> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const n = src.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      const col = cells.length + 1;
      if (src[i] === '"') {
        const openLine = line;
        let value = '';
        let start = ++i;
        for (;;) {
          const q = src.indexOf('"', i);
          if (q < 0) throw new CsvError(file, openLine, col, 'quoted field is never closed');
          value += src.slice(start, q);
          for (let k = i; k < q; k++) if (src.charCodeAt(k) === 10) line++;
          if (src[q + 1] === '"') {
            value += '"';
            i = start = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        cell = value;
        const next = src[i];
        if (i < n && next !== ',' && next !== '\n' && next !== '\r')
          throw new CsvError(file, line, col, 'unexpected text after a closing quote');
      } else {
        let j = i;
        while (j < n) {
          const c = src.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) throw new CsvError(file, line, col, 'quote inside an unquoted field');
          j++;
        }
        cell = src.slice(i, j);
        i = j;
      }
      cells.push(cell);
      if (i >= n) break;
      if (src[i] === ',') {
        i++;
        continue;
      }
      // End of record: CRLF, LF or a lone CR.
      if (src[i] === '\r') i++;
      if (src[i] === '\n') i++;
      line++;
      break;
    }
    // A blank line (e.g. the trailing newline handled above, or an empty last line) is not a record.
    if (!(cells.length === 1 && cells[0] === '')) yield { line: recordLine, cells };
  }
}

/** Parses a CSV with a header line; every record must have as many cells as the header. */
export function parseCsv(text: string, file = 'input.csv'): ParsedCsv {
  const records = parseCsvRecords(text, file);
  const first = records.shift();
  if (!first) throw new CsvError(file, 1, undefined, 'file is empty (no header line)');
  const header = first.cells;
  const seen = new Set<string>();
  header.forEach((h, k) => {
    if (seen.has(h)) throw new CsvError(file, first.line, k + 1, `duplicate column name "${h}"`);
    seen.add(h);
  });
  for (const r of records) {
    if (r.cells.length !== header.length)
      throw new CsvError(
        file,
        r.line,
        Math.min(r.cells.length, header.length) + 1,
        `has ${r.cells.length} fields, the header has ${header.length}`,
      );
  }
  return { header, records };
}
