// Import of a zip or loose CSV files into the analysis store. Everything is parsed and validated
// first (`prepareImport`, pure); only a fully valid dataset is written, in one transaction.
import { strFromU8 } from 'fflate';
import type { AnalysisDataset } from '../../../analysis/dataset.ts';
import { putDataset } from '../../db/datasets.ts';
import type { GazeLabDb } from '../../db/db.ts';
import { RECORD_SCHEMA_VERSION, type DatasetRecord } from '../../../core/records.ts';
import type { ExportEnvelope, StoredSession } from '../../../format/envelope.ts';
import { isOwnExport, readExportSources } from '../../../format/read-export.ts';
import { FILES } from '../../../format/recgaze-columns.ts';
import { sessionToAnalysis } from '../../../format/to-analysis.ts';
import { importError } from '../../../format/import-error.ts';
import { countDataset, readRecGazeFiles, type RecGazeCounts } from '../../../format/recgaze-import.ts';
import { checkDatasetValues } from './dataset-values.ts';
import { checkText, ImportCancelled, readFileBytes, unzipChecked } from './read-input.ts';

export type DatasetOrigin = 'carousel-gaze-lab-export' | 'carousel-gaze-lab-csv' | 'recgaze-csv';

/** What `DatasetRecord.data` holds for every imported dataset. */
export interface ImportedData {
  format: DatasetOrigin;
  /** Files the dataset was read from. */
  files: string[];
  dataset: AnalysisDataset;
  /** Our exports: the envelope's session records (without events), so a re-export is lossless. */
  envelope?: Omit<ExportEnvelope, 'sessions'> & { sessions: { subjectId: number; record: StoredSession }[] };
  counts: RecGazeCounts;
}

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

const baseName = (name: string): string => name.slice(name.replace(/\\/g, '/').lastIndexOf('/') + 1);

function newId(now: number): string {
  const rand = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `dataset-${now.toString(36)}-${rand}`;
}

export interface ImportProgress {
  stage: 'reading' | 'storing';
  /** Bytes read (and unzipped) so far, of `total`; while storing, the whole. */
  done: number;
  total: number;
  /** While storing: the id the dataset is stored under (a cancel then deletes it if it landed). */
  datasetId?: string;
}

interface PrepareOptions {
  onBytes?: (n: number) => void;
  signal?: AbortSignal | undefined;
}

/**
 * Validates and converts; throws an error naming file, line and column (or participant, screen and
 * value) on the first problem.
 */
export function prepareImport(files: readonly ImportFile[], now: number, name?: string, options: PrepareOptions = {}): DatasetRecord {
  if (!files.length) throw importError('(no file)', 'choose a .zip export or the RecGaze .csv files');
  const zips = files.filter((f) => /\.zip$/i.test(f.name));
  const csvs = files.filter((f) => /\.csv$/i.test(f.name));
  const other = files.find((f) => !/\.(zip|csv)$/i.test(f.name));
  if (other) throw importError(other.name, 'is neither a .zip export nor a .csv file');
  if (zips.length > 1 || (zips.length && csvs.length))
    throw importError(zips[1]?.name ?? zips[0]!.name, 'import one zip, or loose CSV files, at a time');

  let data: ImportedData;
  if (zips.length) {
    const zip = zips[0]!;
    const entries = unzipChecked(zip.bytes, zip.name, options.onBytes, options.signal);
    if (isOwnExport(entries)) {
      const { envelope, sources } = readExportSources(entries);
      const dataset = { sessions: sources.map((s) => sessionToAnalysis(s.session, s.events, 'imported-export')) };
      data = {
        format: 'carousel-gaze-lab-export',
        files: [zip.name],
        dataset,
        envelope: { ...envelope, sessions: envelope.sessions.map((s) => ({ subjectId: s.subjectId, record: s.record })) },
        counts: countDataset(dataset),
      };
    } else {
      const texts: Record<string, string> = {};
      for (const [k, v] of Object.entries(entries)) if (k.endsWith('.csv')) texts[baseName(k)] = strFromU8(v);
      if (options.signal?.aborted) throw new ImportCancelled();
      const dataset = readRecGazeFiles(texts);
      data = {
        format: texts[FILES.gaze] !== undefined ? 'carousel-gaze-lab-csv' : 'recgaze-csv',
        files: [zip.name],
        dataset,
        counts: countDataset(dataset),
      };
    }
  } else {
    const texts: Record<string, string> = {};
    for (const f of csvs) {
      checkText(f.name, f.bytes);
      texts[baseName(f.name)] = strFromU8(f.bytes);
    }
    const dataset = readRecGazeFiles(texts);
    data = {
      format: texts[FILES.gaze] !== undefined ? 'carousel-gaze-lab-csv' : 'recgaze-csv',
      files: csvs.map((f) => f.name),
      dataset,
      counts: countDataset(dataset),
    };
  }
  checkDatasetValues(data.dataset, data.files.join(', '));
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: newId(now),
    name: name ?? files.map((f) => baseName(f.name)).join(', '),
    origin: data.format,
    importedAt: now,
    data,
  };
}

/**
 * Browser entry point (run in a worker by import-client.ts): reads the chosen files in slices with
 * progress, validates them fully, then stores the dataset in one transaction. Aborting `signal`
 * before the store stops it with ImportCancelled; nothing is stored.
 */
export async function importDatasetFiles(
  files: readonly (File | ImportFile)[],
  options: { name?: string; database?: GazeLabDb; onProgress?: (p: ImportProgress) => void; signal?: AbortSignal; now?: number } = {},
): Promise<DatasetRecord> {
  const isLoaded = (f: File | ImportFile): f is ImportFile => (f as ImportFile).bytes instanceof Uint8Array;
  const zipBytes = files.reduce((n, f) => n + (/\.zip$/i.test(f.name) ? (isLoaded(f) ? f.bytes.length : f.size) : 0), 0);
  const fileBytes = files.reduce((n, f) => n + (isLoaded(f) ? 0 : f.size), 0);
  // Reading counts once and unzipping once more: the bar moves through both.
  const total = fileBytes + zipBytes;
  let done = 0;
  const onBytes = (n: number) => {
    done += n;
    options.onProgress?.({ stage: 'reading', done, total });
  };
  const loaded: ImportFile[] = [];
  for (const f of files) loaded.push(isLoaded(f) ? f : { name: f.name, bytes: await readFileBytes(f, onBytes, options.signal) });
  const record = prepareImport(loaded, options.now ?? Date.now(), options.name, { onBytes, signal: options.signal });
  if (options.signal?.aborted) throw new ImportCancelled();
  options.onProgress?.({ stage: 'storing', done: total, total, datasetId: record.id });
  await putDataset(record, options.database);
  return record;
}
