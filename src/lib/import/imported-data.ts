// The `data` of a stored dataset, checked when it is read back (not cast): the analysis view and
// re-exports rely on its shape.
import { checkDataset } from '../../../analysis/dataset-check.ts';
import type { DatasetRecord } from '../../../core/records.ts';
import { RecordError } from '../../../core/record-schemas.ts';
import type { DatasetOrigin, ImportedData } from './import-dataset.ts';

const FORMATS: readonly DatasetOrigin[] = ['carousel-gaze-lab-export', 'carousel-gaze-lab-csv', 'recgaze-csv'];
const COUNTS = ['sessions', 'screens', 'fixations', 'clicks', 'cursorVisits', 'selections'] as const;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readImportedData(record: DatasetRecord): ImportedData {
  const fail = (problem: string): never => {
    throw new RecordError(`The stored dataset ${record.id} ("${record.name}") is damaged: ${problem}`);
  };
  const data = record.data;
  if (!isObject(data)) return fail('it has no data');
  if (!FORMATS.includes(data.format as DatasetOrigin)) fail(`format ${JSON.stringify(data.format)} is not one of ${FORMATS.join(', ')}`);
  if (!Array.isArray(data.files) || !data.files.every((f) => typeof f === 'string')) fail('files must be a list of file names');
  if (!isObject(data.counts) || !COUNTS.every((k) => Number.isInteger((data.counts as Record<string, unknown>)[k])))
    fail(`counts must give ${COUNTS.join(', ')}`);
  try {
    checkDataset(data.dataset, 'dataset');
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (data.envelope !== undefined) {
    const env = data.envelope;
    if (!isObject(env) || !Array.isArray(env.studies) || !Array.isArray(env.sessions))
      fail('its export envelope has no studies and sessions');
    for (const s of (env as { sessions: unknown[] }).sessions)
      if (!isObject(s) || !isObject(s.record) || typeof s.record.id !== 'string') fail('a session of its export envelope has no record');
  }
  return data as unknown as ImportedData;
}
