import type { RecordedEvent } from '../../core/events.ts';
import { readChunkRecord, readSessionRecord } from '../../core/record-schemas.ts';
import type { ChunkRecord, SessionRecord, TailRecord } from '../../core/records.ts';
import { db as defaultDb, type GazeLabDb } from './db.ts';

export async function getSession(id: string, database: GazeLabDb = defaultDb): Promise<SessionRecord | undefined> {
  const record = await database.sessions.get(id);
  return record === undefined ? undefined : readSessionRecord(record);
}

/** The most recent session of a participant in a study (for resuming after a reload). */
export async function findSession(
  studyId: string,
  participantId: string,
  database: GazeLabDb = defaultDb,
): Promise<SessionRecord | undefined> {
  const all = await database.sessions.where('[studyId+participantId]').equals([studyId, participantId]).toArray();
  const latest = all.sort((a, b) => b.startedAt - a.startedAt)[0];
  return latest === undefined ? undefined : readSessionRecord(latest);
}

export async function listSessions(database: GazeLabDb = defaultDb): Promise<SessionRecord[]> {
  return (await database.sessions.orderBy('startedAt').reverse().toArray()).map(readSessionRecord);
}

/** Writes a session record unless the stored one is newer (a higher revision). */
export async function putSession(session: SessionRecord, database: GazeLabDb = defaultDb): Promise<void> {
  await writeBatch({ session, chunks: [], tails: [] }, database);
}

/** What the recorder hands to storage in one transaction. */
export interface WriteBatch {
  session?: SessionRecord | undefined;
  chunks: readonly ChunkRecord[];
  /** The latest unsaved events of screens (replacing an older tail of the same seq). */
  tails: readonly TailRecord[];
}

const screenKey = (c: { sessionId: string; taskId: number }) => `${c.sessionId}\u0000${c.taskId}`;

/**
 * Stores a batch atomically and idempotently: a chunk whose (sessionId, taskId, seq) is already
 * stored is skipped (the write-ahead log and a rewrite after the database was lost may repeat
 * chunks); a session record replaces the stored one only if it is not older; a stored chunk
 * supersedes the tails of its screen up to its seq.
 */
export async function writeBatch(batch: WriteBatch, database: GazeLabDb = defaultDb): Promise<void> {
  const { session, chunks, tails } = batch;
  const stores = [database.sessions, database.chunks, database.tails];
  await database.transaction('rw', stores, async () => {
    if (session) {
      const stored = await database.sessions.get(session.id);
      if (!stored || !(stored.revision > session.revision)) await database.sessions.put(session);
    }
    const byScreen = new Map<string, ChunkRecord[]>();
    for (const c of chunks) {
      const list = byScreen.get(screenKey(c));
      if (list) list.push(c);
      else byScreen.set(screenKey(c), [c]);
    }
    const storedUpTo = new Map<string, number>();
    for (const [key, list] of byScreen) {
      const { sessionId, taskId } = list[0]!;
      const seqs = list.map((c) => c.seq);
      const lo = Math.min(...seqs);
      const hi = Math.max(...seqs);
      const range = database.chunks.where('[sessionId+taskId+seq]').between([sessionId, taskId, lo], [sessionId, taskId, hi], true, true);
      const existing = new Set(((await range.keys()) as unknown as [string, number, number][]).map((k) => k[2]));
      const seen = new Set<number>();
      const missing = list.filter((c) => !existing.has(c.seq) && !seen.has(c.seq) && seen.add(c.seq));
      if (missing.length) await database.chunks.bulkAdd(missing);
      storedUpTo.set(key, hi);
      await database.tails
        .where('[sessionId+taskId+seq]')
        .between([sessionId, taskId, -Infinity], [sessionId, taskId, hi], true, true)
        .delete();
    }
    for (const tail of tails) {
      const upTo = storedUpTo.get(screenKey(tail)) ?? (await lastChunkSeq(tail.sessionId, tail.taskId, database));
      if (tail.seq > upTo) await database.tails.put(tail);
    }
  });
}

/** Stores chunks idempotently (see writeBatch). */
export async function writeChunks(chunks: readonly ChunkRecord[], database: GazeLabDb = defaultDb): Promise<void> {
  await writeBatch({ chunks, tails: [] }, database);
}

/** Highest chunk seq stored for a screen, or -1. */
export async function lastChunkSeq(sessionId: string, taskId: number, database: GazeLabDb = defaultDb): Promise<number> {
  const last = await database.chunks
    .where('[sessionId+taskId+seq]')
    .between([sessionId, taskId, -Infinity], [sessionId, taskId, Infinity])
    .last();
  return last?.seq ?? -1;
}

/** Unsaved tails of a session (screens whose page died before cutting them into chunks). */
export async function sessionTails(sessionId: string, database: GazeLabDb = defaultDb): Promise<TailRecord[]> {
  const tails = await database.tails.where('sessionId').equals(sessionId).toArray();
  return tails.map((t) => readChunkRecord<TailRecord>(t, 'unsaved tail'));
}

/** Sessions that have unsaved tails. */
export async function sessionsWithTails(database: GazeLabDb = defaultDb): Promise<string[]> {
  return (await database.tails.orderBy('sessionId').uniqueKeys()) as string[];
}

/** A screen's stored chunks in seq order. */
export async function screenChunks(sessionId: string, taskId: number, database: GazeLabDb = defaultDb): Promise<ChunkRecord[]> {
  const chunks = await database.chunks
    .where('[sessionId+taskId+seq]')
    .between([sessionId, taskId, -Infinity], [sessionId, taskId, Infinity])
    .toArray();
  return chunks.map((c) => readChunkRecord<ChunkRecord>(c));
}

/** All stored events of one screen in recording order. */
export async function screenEvents(sessionId: string, taskId: number, database: GazeLabDb = defaultDb): Promise<RecordedEvent[]> {
  return (await screenChunks(sessionId, taskId, database)).flatMap((c) => c.events);
}

/** Every chunk of a session grouped by screen, in order. */
export async function sessionEvents(sessionId: string, database: GazeLabDb = defaultDb): Promise<Map<number, RecordedEvent[]>> {
  const chunks = (await database.chunks.where('sessionId').equals(sessionId).toArray()).map((c) => readChunkRecord<ChunkRecord>(c));
  chunks.sort((a, b) => a.taskId - b.taskId || a.seq - b.seq);
  const out = new Map<number, RecordedEvent[]>();
  for (const c of chunks) {
    const list = out.get(c.taskId);
    if (list) list.push(...c.events);
    else out.set(c.taskId, [...c.events]);
  }
  return out;
}

export async function deleteSession(sessionId: string, database: GazeLabDb = defaultDb): Promise<void> {
  const stores = [database.sessions, database.chunks, database.tails, database.screenColumns, database.uploads, database.uploadAcks];
  await database.transaction('rw', stores, async () => {
    await database.chunks.where('sessionId').equals(sessionId).delete();
    await database.uploadAcks.where('sessionId').equals(sessionId).delete();
    await database.uploads.delete(sessionId);
    await database.tails.where('sessionId').equals(sessionId).delete();
    await database.screenColumns.where('sessionId').equals(sessionId).delete();
    await database.sessions.delete(sessionId);
  });
}

/** Next value of a named counter (participant ids `<site>_<n>`). */
export async function nextCounter(key: string, database: GazeLabDb = defaultDb): Promise<number> {
  return database.transaction('rw', database.counters, async () => {
    const cur = await database.counters.get(key);
    const value = (cur?.value ?? 0) + 1;
    await database.counters.put({ key, value });
    return value;
  });
}
