import { Dexie, type EntityTable, type Table } from 'dexie';
import type {
  ChunkRecord,
  CounterRecord,
  DatasetRecord,
  ScreenColumnsRecord,
  SessionRecord,
  StudyRecord,
  TailRecord,
  UploadAckRecord,
  UploadRecord,
} from '../../core/records.ts';
import { upgradeToV2 } from './upgrade.ts';

export const DB_NAME = 'carousel-gaze-lab';

/** Schema 1 (app 0.1.0): kept so that its databases can be upgraded. */
export const SCHEMA_V1 = {
  sessions: 'id, [studyId+participantId], studyId, status, startedAt',
  chunks: '++id, [sessionId+taskId+seq], sessionId',
  studies: 'id, updatedAt',
  datasets: 'id, importedAt',
  counters: 'key',
} as const;

/** Why the page's database went away under it. */
export type DatabaseLoss = 'deleted' | 'recreated';

export class GazeLabDb extends Dexie {
  sessions!: EntityTable<SessionRecord, 'id'>;
  chunks!: EntityTable<ChunkRecord, 'id'>;
  tails!: Table<TailRecord, [string, number, number]>;
  studies!: EntityTable<StudyRecord, 'id'>;
  datasets!: EntityTable<DatasetRecord, 'id'>;
  counters!: EntityTable<CounterRecord, 'key'>;
  screenColumns!: Table<ScreenColumnsRecord, [string, number]>;
  uploads!: EntityTable<UploadRecord, 'sessionId'>;
  uploadAcks!: Table<UploadAckRecord, [string, number, number]>;
  private readonly lossListeners = new Set<(loss: DatabaseLoss) => void>();
  private everOpened = false;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    // 2: records carry schemaVersion, sessions consentedAt and revision; unsaved tails of screens.
    this.version(2)
      .stores({ ...SCHEMA_V1, tails: '[sessionId+taskId+seq], sessionId' })
      .upgrade((tx) => upgradeToV2(tx));
    // 3: (sessionId, taskId, seq) is unique (version 2's upgrade removed any duplicates first).
    this.version(3).stores({ chunks: '++id, &[sessionId+taskId+seq], sessionId' });
    // 4: columns of completed sessions' screens for the analysis (src/lib/recorded-columns.ts).
    this.version(4).stores({ screenColumns: '[sessionId+taskId], sessionId' });
    // 5: sessions run on the study server: their token and upload state, and which chunks the server holds.
    this.version(5).stores({ uploads: 'sessionId, serverStudyId', uploadAcks: '[sessionId+taskId+seq], sessionId' });

    this.on('ready', () => {
      this.everOpened = true;
    });
    // Another tab, or the browser's "clear site data", deleted the database; Dexie reopens (and so
    // recreates) it on the next write. Both are told, so that the page can say so and rewrite.
    this.on('versionchange', (event) => {
      if (event.newVersion === null) this.fireLoss('deleted');
    });
    this.on('populate', () => {
      if (this.everOpened) this.fireLoss('recreated');
    });
  }

  /** Calls `listener` when the database is deleted or found recreated while this page uses it. */
  onLoss(listener: (loss: DatabaseLoss) => void): () => void {
    this.lossListeners.add(listener);
    return () => this.lossListeners.delete(listener);
  }

  private fireLoss(loss: DatabaseLoss): void {
    for (const l of this.lossListeners) l(loss);
  }
}

export const db = new GazeLabDb();

/** Whether the database exists, without creating it (opening would). */
export async function databaseExists(name = DB_NAME): Promise<boolean> {
  return Dexie.exists(name);
}
