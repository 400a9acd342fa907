import type { StudyConfig } from '../../core/study-config/schema.ts';
import { readStudyRecord } from '../../core/record-schemas.ts';
import { RECORD_SCHEMA_VERSION, type StudyRecord } from '../../core/records.ts';
import { db as defaultDb, type GazeLabDb } from './db.ts';

/**
 * A study saved by the studio. `studio` holds the editor's extra state (the screen generator's
 * settings), which is not part of the study config; the participant app reads only `config`.
 */
export interface SavedStudy<Extra = unknown> extends StudyRecord {
  studio?: Extra;
}

export async function listStudies<Extra = unknown>(database: GazeLabDb = defaultDb): Promise<SavedStudy<Extra>[]> {
  return (await database.studies.orderBy('updatedAt').reverse().toArray()).map((r) => readStudyRecord(r) as SavedStudy<Extra>);
}

export async function getStudy<Extra = unknown>(id: string, database: GazeLabDb = defaultDb): Promise<SavedStudy<Extra> | undefined> {
  const record = await database.studies.get(id);
  return record === undefined ? undefined : (readStudyRecord(record) as SavedStudy<Extra>);
}

/** Saves a config (validated by the caller); keeps the original creation time on overwrite. */
export async function saveStudy<Extra>(
  config: StudyConfig,
  studio?: Extra,
  now = Date.now(),
  database: GazeLabDb = defaultDb,
): Promise<SavedStudy<Extra>> {
  return database.transaction('rw', database.studies, async () => {
    const existing = await database.studies.get(config.id);
    const record: SavedStudy<Extra> = {
      schemaVersion: RECORD_SCHEMA_VERSION,
      id: config.id,
      config,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    if (studio !== undefined) record.studio = studio;
    await database.studies.put(record);
    return record;
  });
}

export async function deleteStudy(id: string, database: GazeLabDb = defaultDb): Promise<void> {
  await database.studies.delete(id);
}

/** How many participant ids the participant app has assigned for a study on this machine. */
export async function assignedParticipantCount(studyId: string, database: GazeLabDb = defaultDb): Promise<number> {
  return (await database.counters.get(`participant:${studyId}`))?.value ?? 0;
}
