// Reading what the researcher chose: files in slices (progress, cancel), zips entry by entry with
// fflate's streaming inflater, so that an entry's size and first bytes are checked before it is
// inflated in full (a zero-filled 700 MB entry is named as such after its first kilobytes).
import { Unzip, UnzipInflate } from 'fflate';
import { concatChunks } from '../../../zip/zip-stream.ts';
import { IMPORT_LIMITS as L, megabytes } from './import-limits.ts';
import { textProblem } from './text-check.ts';

/** A problem with the input as a whole (a file or a zip entry), named plainly. */
export class ImportInputError extends Error {
  override name = 'ImportInputError';
}

export class ImportCancelled extends Error {
  override name = 'ImportCancelled';
  constructor() {
    super('the import was cancelled; nothing was stored');
  }
}

export type FileMap = Record<string, Uint8Array>;
export type BytesProgress = (done: number, total: number) => void;

const SLICE = 4 * 1024 * 1024;
const isText = (name: string) => /\.(csv|json|jsonl|tsv|txt)$/i.test(name);
/** How much of an entry is looked at before its text is judged. */
const PROBE = 64 * 1024;
/** Compressed bytes pushed into the inflater at a time: a refused entry stops the next push. */
const ZIP_SLICE = 64 * 1024;

function checkSize(name: string, bytes: number): void {
  if (bytes > L.fileBytes)
    throw new ImportInputError(`${name} is ${megabytes(bytes)}; the analysis view imports files of at most ${megabytes(L.fileBytes)}`);
  if (/\.csv$/i.test(name) && bytes > L.textBytes)
    throw new ImportInputError(
      `${name} is ${megabytes(bytes)}; a CSV file may be at most ${megabytes(L.textBytes)} (longer text does not fit in a browser): split it by participant`,
    );
}

/** Reads a chosen file in slices, reporting bytes read; throws ImportCancelled when `signal` aborts. */
export async function readFileBytes(
  file: Blob & { name: string },
  onBytes: (n: number) => void,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  checkSize(file.name, file.size);
  const out = new Uint8Array(file.size);
  for (let at = 0; at < file.size; at += SLICE) {
    if (signal?.aborted) throw new ImportCancelled();
    const part = new Uint8Array(await file.slice(at, Math.min(file.size, at + SLICE)).arrayBuffer());
    out.set(part, at);
    onBytes(part.length);
  }
  if (signal?.aborted) throw new ImportCancelled();
  return out;
}

/** The problem of a text file's bytes, as an error naming it (or nothing). */
export function checkText(name: string, bytes: Uint8Array): void {
  if (!isText(name)) return;
  const problem = textProblem(bytes);
  if (problem) throw new ImportInputError(`${name} ${problem}`);
}

/**
 * Unzips with limits: entry count, each text entry's uncompressed size, the total; a text entry
 * whose first bytes are zeros or UTF-16 is refused before the rest of it is inflated.
 */
export function unzipChecked(bytes: Uint8Array, zipName: string, onBytes?: (n: number) => void, signal?: AbortSignal): FileMap {
  const files: FileMap = {};
  let problem: Error | null = null;
  let entries = 0;
  let total = 0;
  const fail = (message: string) => {
    problem ??= new ImportInputError(message);
  };
  const unzip = new Unzip((file) => {
    if (problem || file.name.endsWith('/')) return;
    if (++entries > L.zipEntries) return fail(`${zipName} has more than ${L.zipEntries} files`);
    const label = `${zipName}: ${file.name}`;
    if (file.originalSize !== undefined && file.originalSize > L.textBytes && !isText(file.name))
      return fail(`${label} is ${megabytes(file.originalSize)} uncompressed; at most ${megabytes(L.textBytes)} per file`);
    const parts: Uint8Array[] = [];
    let size = 0;
    let probed = !isText(file.name);
    file.ondata = (err, chunk, final) => {
      if (problem) return;
      if (err) return fail(`${label} cannot be unpacked (${err.message}); the zip is damaged`);
      parts.push(chunk);
      size += chunk.length;
      total += chunk.length;
      if (!probed && (size >= PROBE || final)) {
        probed = true;
        const head = concatChunks(parts);
        const p = textProblem(final ? head : head.subarray(0, PROBE));
        if (p) return fail(`${label} ${p}`);
      }
      if (size > L.textBytes)
        return fail(`${label} is over ${megabytes(L.textBytes)} uncompressed; at most ${megabytes(L.textBytes)} per file`);
      if (total > L.totalBytes)
        return fail(`${zipName} unpacks to over ${megabytes(L.totalBytes)}; the analysis view imports at most that much at once`);
      if (final) files[file.name] = concatChunks(parts);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !problem; at += ZIP_SLICE) {
      if (signal?.aborted) throw new ImportCancelled();
      const end = Math.min(bytes.length, at + ZIP_SLICE);
      unzip.push(bytes.subarray(at, end), end === bytes.length);
      onBytes?.(end - at);
    }
    if (!bytes.length) unzip.push(bytes, true);
  } catch (e) {
    if (e instanceof ImportCancelled) throw e;
    fail(`${zipName} is not a readable zip file (${e instanceof Error ? e.message : String(e)})`);
  }
  if (problem) throw problem;
  if (!Object.keys(files).length) throw new ImportInputError(`${zipName} is not a zip file with any files in it`);
  return files;
}
