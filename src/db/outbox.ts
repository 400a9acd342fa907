// The Dexie store as the study server's outbox: a session's stored chunks are what there is to
// send, `uploadAcks` says which of them the server holds, `uploads` the token and the record's
// acknowledged revision. Everything survives a reload, a killed tab and a browser restart, so the
// next page goes on where the last one stopped. (It has the shape of src/sync's OutboxStore,
// which this layer may not import.)
import type { ChunkKey, SessionUpdate } from '../../core/protocol/messages.ts';
import { readChunkRecord, readSessionRecord } from '../../core/record-schemas.ts';
import { RECORD_SCHEMA_VERSION, type ChunkRecord, type SessionRecord, type UploadRecord } from '../../core/records.ts';
import { db as defaultDb, type GazeLabDb } from './db.ts';

type Key = [string, number, number];
const keyOf = (taskId: number, seq: number) => `${taskId}:${seq}`;

/** Stores a server session's upload record (at consent, with the session). */
export async function putUpload(
  upload: Omit<UploadRecord, 'schemaVersion' | 'rejected' | 'sessionAckedRevision' | 'revisionOffset'> &
    Partial<Pick<UploadRecord, 'revisionOffset'>>,
  database: GazeLabDb = defaultDb,
): Promise<void> {
  await database.uploads.put({ schemaVersion: RECORD_SCHEMA_VERSION, rejected: [], sessionAckedRevision: 0, revisionOffset: 0, ...upload });
}

export async function getUpload(sessionId: string, database: GazeLabDb = defaultDb): Promise<UploadRecord | undefined> {
  return database.uploads.get(sessionId);
}

/** This browser's sessions of a study on the server. */
export async function uploadsOfStudy(serverStudyId: string, database: GazeLabDb = defaultDb): Promise<UploadRecord[]> {
  return database.uploads.where('serverStudyId').equals(serverStudyId).toArray();
}

/** A session record as the server numbers and keeps it: its revision shifted by the upload's offset, without the config. */
export function sessionUpdateOf(session: SessionRecord, upload: Pick<UploadRecord, 'revisionOffset'>): SessionUpdate {
  const revision = Math.max(1, session.revision + upload.revisionOffset);
  // The config is the server's own copy (the published version); the record is everything else.
  const { config: _config, ...record } = session;
  return { revision, status: session.status, step: session.stepIndex, record: record as unknown as SessionUpdate['record'] };
}

export interface DexieOutboxCounts {
  acknowledged: number;
  pending: number;
  rejected: number;
}

export class DexieOutbox {
  constructor(
    readonly sessionId: string,
    private readonly database: GazeLabDb = defaultDb,
  ) {}

  private range() {
    return [
      [this.sessionId, -Infinity, -Infinity],
      [this.sessionId, Infinity, Infinity],
    ] as const;
  }

  /** The session's chunk keys (and primary keys) in (taskId, seq) order, and what is acknowledged or refused. */
  private async state(): Promise<{ keys: Key[]; ids: number[]; acked: Set<string>; rejected: Set<string> }> {
    const [lo, hi] = this.range();
    const chunks = this.database.chunks.where('[sessionId+taskId+seq]').between(lo, hi, true, true);
    const [keys, ids, ackKeys, upload] = await Promise.all([
      chunks.keys() as Promise<unknown[]> as Promise<Key[]>,
      chunks.primaryKeys() as Promise<number[]>,
      this.database.uploadAcks.where('[sessionId+taskId+seq]').between(lo, hi, true, true).primaryKeys(),
      this.database.uploads.get(this.sessionId),
    ]);
    return {
      keys,
      ids,
      acked: new Set(ackKeys.map((k) => keyOf(k[1], k[2]))),
      rejected: new Set((upload?.rejected ?? []).map((r) => keyOf(r.taskId, r.seq))),
    };
  }

  async pending(limit: number): Promise<{ taskId: number; seq: number; events: readonly unknown[] }[]> {
    const { keys, ids, acked, rejected } = await this.state();
    const wanted: number[] = [];
    for (let i = 0; i < keys.length && wanted.length < limit; i++) {
      const k = keyOf(keys[i]![1], keys[i]![2]);
      if (!acked.has(k) && !rejected.has(k)) wanted.push(ids[i]!);
    }
    const rows = await this.database.chunks.bulkGet(wanted);
    return rows
      .filter((r): r is ChunkRecord => r !== undefined)
      .map((r) => readChunkRecord<ChunkRecord>(r))
      .map((c) => ({ taskId: c.taskId, seq: c.seq, events: c.events }));
  }

  async markAcknowledged(keys: readonly ChunkKey[]): Promise<void> {
    await this.database.uploadAcks.bulkPut(keys.map((k) => ({ sessionId: this.sessionId, taskId: k.taskId, seq: k.seq })));
  }

  async markRejected(key: ChunkKey, problem: string): Promise<void> {
    await this.database.uploads
      .where('sessionId')
      .equals(this.sessionId)
      .modify((u) => {
        if (!u.rejected.some((r) => r.taskId === key.taskId && r.seq === key.seq)) u.rejected.push({ ...key, problem });
      });
  }

  async counts(): Promise<DexieOutboxCounts> {
    const { keys, acked, rejected } = await this.state();
    let pending = 0;
    let acknowledged = 0;
    for (const k of keys) {
      const key = keyOf(k[1], k[2]);
      if (acked.has(key)) acknowledged++;
      else if (!rejected.has(key)) pending++;
    }
    return { acknowledged, pending, rejected: rejected.size };
  }

  /** The stored session record under the server's numbering, unless the server holds it already. */
  async sessionUpdate(): Promise<SessionUpdate | null> {
    const [stored, upload] = await Promise.all([this.database.sessions.get(this.sessionId), this.database.uploads.get(this.sessionId)]);
    if (!stored || !upload) return null;
    const update = sessionUpdateOf(readSessionRecord(stored), upload);
    return update.revision <= upload.sessionAckedRevision ? null : update;
  }

  /**
   * Everything the server should hold of this session, acknowledged or not — every stored chunk
   * and the upload record — for the participant's data file.
   */
  async everything(): Promise<{ upload: UploadRecord | undefined; chunks: { taskId: number; seq: number; events: readonly unknown[] }[] }> {
    const [lo, hi] = this.range();
    const [rows, upload] = await Promise.all([
      this.database.chunks.where('[sessionId+taskId+seq]').between(lo, hi, true, true).toArray(),
      this.database.uploads.get(this.sessionId),
    ]);
    const chunks = rows.map((r) => readChunkRecord<ChunkRecord>(r)).map((c) => ({ taskId: c.taskId, seq: c.seq, events: c.events }));
    return { upload, chunks };
  }

  async sessionAcknowledged(revision: number): Promise<void> {
    await this.database.uploads
      .where('sessionId')
      .equals(this.sessionId)
      .modify((u) => {
        u.sessionAckedRevision = Math.max(u.sessionAckedRevision, revision);
      });
  }

  async sessionRenumber(held: number): Promise<void> {
    const stored = await this.database.sessions.get(this.sessionId);
    if (!stored) return;
    await this.database.uploads
      .where('sessionId')
      .equals(this.sessionId)
      .modify((u) => {
        u.revisionOffset = Math.max(u.revisionOffset, held + 1 - stored.revision);
      });
  }
}
