import { Dexie, type EntityTable } from 'dexie';
import type { ChunkRecord, CounterRecord, DatasetRecord, SessionRecord, StudyRecord } from '../../core/records.ts';

export const DB_NAME = 'carousel-gaze-lab';

export class GazeLabDb extends Dexie {
  sessions!: EntityTable<SessionRecord, 'id'>;
  chunks!: EntityTable<ChunkRecord, 'id'>;
  studies!: EntityTable<StudyRecord, 'id'>;
  datasets!: EntityTable<DatasetRecord, 'id'>;
  counters!: EntityTable<CounterRecord, 'key'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      sessions: 'id, [studyId+participantId], studyId, status, startedAt',
      chunks: '++id, [sessionId+taskId+seq], sessionId',
      studies: 'id, updatedAt',
      datasets: 'id, importedAt',
      counters: 'key',
    });
  }
}

export const db = new GazeLabDb();
