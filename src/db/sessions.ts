import type { RecordedEvent } from '../../core/events.ts';
import { db as defaultDb, type GazeLabDb } from './db.ts';
import type { ChunkRecord, SessionRecord } from '../../core/records.ts';

export async function putSession(session: SessionRecord, database: GazeLabDb = defaultDb): Promise<void> {
  await database.sessions.put(session);
}

export async function getSession(id: string, database: GazeLabDb = defaultDb): Promise<SessionRecord | undefined> {
  return database.sessions.get(id);
}

/** The most recent session of a participant in a study (for resuming after a reload). */
export async function findSession(
  studyId: string,
  participantId: string,
  database: GazeLabDb = defaultDb,
): Promise<SessionRecord | undefined> {
  const all = await database.sessions.where('[studyId+participantId]').equals([studyId, participantId]).toArray();
  return all.sort((a, b) => b.startedAt - a.startedAt)[0];
}

export async function listSessions(database: GazeLabDb = defaultDb): Promise<SessionRecord[]> {
  return database.sessions.orderBy('startedAt').reverse().toArray();
}

export async function writeChunks(chunks: ChunkRecord[], database: GazeLabDb = defaultDb): Promise<void> {
  await database.chunks.bulkAdd(chunks);
}

/** Highest chunk seq stored for a screen, or -1. */
export async function lastChunkSeq(sessionId: string, taskId: number, database: GazeLabDb = defaultDb): Promise<number> {
  const last = await database.chunks
    .where('[sessionId+taskId+seq]')
    .between([sessionId, taskId, -Infinity], [sessionId, taskId, Infinity])
    .last();
  return last?.seq ?? -1;
}

/** All events of one screen in recording order. */
export async function screenEvents(sessionId: string, taskId: number, database: GazeLabDb = defaultDb): Promise<RecordedEvent[]> {
  const chunks = await database.chunks
    .where('[sessionId+taskId+seq]')
    .between([sessionId, taskId, -Infinity], [sessionId, taskId, Infinity])
    .toArray();
  return chunks.flatMap((c) => c.events);
}

/** Every chunk of a session grouped by screen, in order. */
export async function sessionEvents(sessionId: string, database: GazeLabDb = defaultDb): Promise<Map<number, RecordedEvent[]>> {
  const chunks = await database.chunks.where('sessionId').equals(sessionId).toArray();
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
  await database.transaction('rw', database.sessions, database.chunks, database.screenColumns, async () => {
    await database.chunks.where('sessionId').equals(sessionId).delete();
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
