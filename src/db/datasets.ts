// Queries of the `datasets` table (imported exports and RecGaze files for the analysis view).
import { readDatasetRecord } from '../../core/record-schemas.ts';
import type { DatasetRecord } from '../../core/records.ts';
import { db as defaultDb, type GazeLabDb } from './db.ts';

/** Stores a fully validated dataset in one transaction: it is either all there or not at all. */
export async function putDataset(record: DatasetRecord, database: GazeLabDb = defaultDb): Promise<void> {
  await database.transaction('rw', database.datasets, async () => {
    await database.datasets.put(record);
  });
}

export async function getDataset(id: string, database: GazeLabDb = defaultDb): Promise<DatasetRecord | undefined> {
  const record = await database.datasets.get(id);
  return record === undefined ? undefined : readDatasetRecord(record);
}

/** Newest first. */
export async function listDatasets(database: GazeLabDb = defaultDb): Promise<DatasetRecord[]> {
  return (await database.datasets.orderBy('importedAt').reverse().toArray()).map(readDatasetRecord);
}

export async function deleteDataset(id: string, database: GazeLabDb = defaultDb): Promise<void> {
  await database.datasets.delete(id);
}

export async function countDatasets(database: GazeLabDb = defaultDb): Promise<number> {
  return database.datasets.count();
}
