import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ChunkRecord, CounterRecord, DatasetRecord, ScreenColumnsRecord, SessionRecord, StudyRecord } from '../../core/records.ts';

export const DB_NAME = 'carousel-gaze-lab';

export class GazeLabDb extends Dexie {
  sessions!: EntityTable<SessionRecord, 'id'>;
  chunks!: EntityTable<ChunkRecord, 'id'>;
  studies!: EntityTable<StudyRecord, 'id'>;
  datasets!: EntityTable<DatasetRecord, 'id'>;
  counters!: EntityTable<CounterRecord, 'key'>;
  screenColumns!: Table<ScreenColumnsRecord, [string, number]>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      sessions: 'id, [studyId+participantId], studyId, status, startedAt',
      chunks: '++id, [sessionId+taskId+seq], sessionId',
      studies: 'id, updatedAt',
      datasets: 'id, importedAt',
      counters: 'key',
    });
    // Columns of completed sessions' screens for the analysis (src/lib/recorded-columns.ts).
    this.version(2).stores({ screenColumns: '[sessionId+taskId], sessionId' });
  }
}

export const db = new GazeLabDb();
