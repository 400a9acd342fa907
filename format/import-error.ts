// The one error type of every import: it names the file and, when known, the line and column.
import { CsvError } from '../core/csv/parse.ts';

export { CsvError as ImportError };

export function importError(file: string, problem: string, line = 1, column?: number): CsvError {
  return new CsvError(file, line, column, problem);
}

/** JSON.parse with a message naming the file, line and column of a syntax error. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    if (lc) throw importError(file, `invalid JSON: ${msg}`, Number(lc[1]), Number(lc[2]));
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      throw importError(file, `invalid JSON: ${msg}`, line, Number(pos[1]) - before.lastIndexOf('\n'));
    }
    throw importError(file, `invalid JSON: ${msg}`);
  }
}
