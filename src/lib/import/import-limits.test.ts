import 'fake-indexeddb/auto';
import { strToU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { GazeLabDb } from '../../db/db.ts';
import { countDatasets } from '../../db/datasets.ts';
import { fixtureFiles } from '../../../format/testing/recgaze-fixture.ts';
import { importDatasetFiles, prepareImport, type ImportFile, type ImportProgress } from './import-dataset.ts';
import { IMPORT_LIMITS } from './import-limits.ts';
import { readImportedData } from './imported-data.ts';
import { getDataset } from '../../db/datasets.ts';
import { textProblem } from './text-check.ts';
import { utf16le, zeroFilledZip } from './testing/damaged-files.ts';

const asFiles = (texts: Record<string, string>): ImportFile[] =>
  Object.entries(texts).map(([name, text]) => ({ name, bytes: strToU8(text) }));

const dbs: GazeLabDb[] = [];
const freshDb = () => {
  const d = new GazeLabDb(`import-limits-${dbs.length}-${Date.now()}`);
  dbs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete();
});

describe('imports of files that are not what they claim', () => {
  it('names zero-filled, UTF-16 and binary bytes instead of "empty" or "missing columns"', () => {
    const csv = fixtureFiles()['summary_feedback.csv']!;
    expect(textProblem(new Uint8Array(200_000))).toMatch(/^contains only zero bytes/);
    expect(textProblem(utf16le(csv, true))).toMatch(/^is UTF-16 text; save it as UTF-8/);
    expect(textProblem(utf16le(csv, false))).toMatch(/^is UTF-16 text \(without a byte-order mark\)/);
    expect(textProblem(new Uint8Array([80, 75, 3, 4, 0, 0, 9]))).toBe('is not a text file (it contains zero bytes)');
    expect(textProblem(new Uint8Array(0))).toBe('is empty (0 bytes)');
    expect(textProblem(strToU8(csv))).toBeNull();

    const texts = fixtureFiles();
    const files = asFiles(texts).map((f) => (f.name === 'summary_feedback.csv' ? { ...f, bytes: utf16le(texts[f.name]!, true) } : f));
    expect(() => prepareImport(files, 1)).toThrow('summary_feedback.csv is UTF-16 text; save it as UTF-8');
  });

  it('names a 700 MB zero-filled zip entry after its first bytes, without inflating it', async () => {
    const zip = await zeroFilledZip('summary_feedback.csv', 700);
    expect(zip.length).toBeLessThan(5_000_000);
    let consumed = 0;
    const started = performance.now();
    expect(() => prepareImport([{ name: 'damaged.zip', bytes: zip }], 1, undefined, { onBytes: (n) => (consumed += n) })).toThrow(
      'damaged.zip: summary_feedback.csv contains only zero bytes: the file is damaged or was never completely written',
    );
    expect(consumed).toBeLessThan(zip.length);
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 60_000);

  it('refuses files over the limits by size and name, before reading them', async () => {
    const database = freshDb();
    const huge = (name: string, size: number) =>
      ({
        name,
        size,
        slice: () => {
          throw new Error('must not be read');
        },
      }) as unknown as File;
    await expect(importDatasetFiles([huge('summary_feedback.csv', 700_000_000)], { database })).rejects.toThrow(
      'summary_feedback.csv is 700 MB; a CSV file may be at most 500 MB (longer text does not fit in a browser): split it by participant',
    );
    await expect(importDatasetFiles([huge('export.zip', IMPORT_LIMITS.fileBytes + 1)], { database })).rejects.toThrow(
      /^export\.zip is 1000 MB; the analysis view imports files of at most 1000 MB/,
    );
    expect(await countDatasets(database)).toBe(0);
  });
});

describe('imports of figures that are not finite or not plausible', () => {
  const withFirstDuration = (value: string) => {
    const texts = fixtureFiles();
    texts['summary_feedback.csv'] = texts['summary_feedback.csv']!.replace(',1.0,180,Movie,', `,1.0,${value},Movie,`);
    return asFiles(texts);
  };

  it('refuses a duration of 1e308 (it would make the heatmap total Infinity), naming participant, screen and fixation', async () => {
    const database = freshDb();
    await expect(importDatasetFiles(withFirstDuration('1e308'), { database })).rejects.toThrow(
      /participant KInIT_21, TaskID 3, fixation \d+: the duration \(Fixation_Duration\) is 1e\+308 ms; it must be a finite number from 0 to 3600000 ms/,
    );
    expect(await countDatasets(database)).toBe(0);
  });

  it('refuses a time that overflows to Infinity', () => {
    const texts = fixtureFiles();
    texts['summary_feedback.csv'] = texts['summary_feedback.csv']!.replace(
      '\r\nKInIT_21,5021,3,,0.560,Movie',
      '\r\nKInIT_21,5021,3,,1e306,Movie',
    );
    expect(() => prepareImport(asFiles(texts), 1)).toThrow(/TaskID 3, fixation \d+: the time \(Timestamp\) is Infinity ms/);
  });
});

describe('import progress and cancel', () => {
  it('reports reading progress up to the whole, then storing; a cancel before the store stores nothing', async () => {
    const database = freshDb();
    const files = asFiles(fixtureFiles()).map((f) => new File([f.bytes as BlobPart], f.name));
    const seen: ImportProgress[] = [];
    await importDatasetFiles(files, { database, onProgress: (p) => seen.push(p) });
    const total = files.reduce((n, f) => n + f.size, 0);
    expect(seen.filter((p) => p.stage === 'reading').at(-1)).toEqual({ stage: 'reading', done: total, total });
    expect(seen.at(-1)).toMatchObject({ stage: 'storing', done: total, total });
    expect(seen.at(-1)?.datasetId).toMatch(/^dataset-/);
    expect(await countDatasets(database)).toBe(1);

    const abort = new AbortController();
    const cancelled = importDatasetFiles(files, { database, signal: abort.signal, onProgress: () => abort.abort() });
    await expect(cancelled).rejects.toMatchObject({ name: 'ImportCancelled' });
    expect(await countDatasets(database)).toBe(1);
  });
});

describe('stored datasets are checked when read', () => {
  it('returns the data of a stored import, and names the field of a damaged one', async () => {
    const database = freshDb();
    const record = await importDatasetFiles(asFiles(fixtureFiles()), { database });
    const stored = (await getDataset(record.id, database))!;
    expect(readImportedData(stored).counts.sessions).toBe(3);
    const damaged = structuredClone(stored) as typeof stored & { data: { dataset: { sessions: { screens: { task: string }[] }[] } } };
    damaged.data.dataset.sessions[0]!.screens[0]!.task = 'browsing';
    expect(() => readImportedData(damaged)).toThrow(
      `The stored dataset ${record.id} ("${record.name}") is damaged: dataset.sessions[0].screens[0].task: expected one of practice, free_browsing, semi_free, direct_search, got "browsing"`,
    );
  });
});
