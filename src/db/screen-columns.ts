import { db as defaultDb, type GazeLabDb } from './db.ts';
import type { ScreenColumnsRecord } from '../../core/records.ts';

/** The stored columns of a session's screens (any order). */
export async function storedScreenColumns(sessionId: string, database: GazeLabDb = defaultDb): Promise<ScreenColumnsRecord[]> {
  return database.screenColumns.where('sessionId').equals(sessionId).toArray();
}

export async function putScreenColumns(records: ScreenColumnsRecord[], database: GazeLabDb = defaultDb): Promise<void> {
  await database.screenColumns.bulkPut(records);
}
