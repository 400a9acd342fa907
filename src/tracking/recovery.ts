// What a page that went away left unsaved: the chunks and session record in its write-ahead log
// (localStorage) and the tails of screens it never cut (IndexedDB). The session's own page takes
// them over at boot; any other page of the app stores those of sessions that no tab is running.
import type { ChunkRecord, SessionRecord, TailRecord } from '../../core/records.ts';
import type { GazeLabDb } from '../db/db.ts';
import { getSession, sessionsWithTails, sessionTails, writeBatch } from '../db/sessions.ts';
import type { SessionWriter } from './session-writer.ts';
import { sessionLockName, withLockIfFree } from './session-lock.ts';
import type { WriteAheadLog } from './write-ahead-log.ts';

const tailToChunk = (t: TailRecord): ChunkRecord => ({
  schemaVersion: t.schemaVersion,
  sessionId: t.sessionId,
  taskId: t.taskId,
  seq: t.seq,
  events: t.events,
});

/**
 * The session's page, holding its lock, hands what was left unsaved to its writer (which writes
 * it, or holds it while storage is full). Returns the log's session record (it may be newer than
 * the stored one: an answer given right before a reload).
 */
export async function takeOverUnsaved(writer: SessionWriter, wal: WriteAheadLog, database?: GazeLabDb): Promise<SessionRecord | null> {
  const entry = wal.read(writer.sessionId);
  const tails = await sessionTails(writer.sessionId, database).catch(() => [] as TailRecord[]);
  // The log's chunks first: a chunk cut at pagehide holds its tail and more.
  writer.adopt([...(entry?.chunks ?? []), ...tails.map(tailToChunk)], entry?.session ?? null, entry !== null);
  void writer.flush();
  return entry?.session ?? null;
}

/**
 * Stores what pages left unsaved for sessions that no tab is running (a tab closed or killed
 * during a screen), so that the studio and exports see every event. Returns the sessions done.
 */
export async function recoverUnsavedSessions(wal: WriteAheadLog, database?: GazeLabDb): Promise<string[]> {
  const ids = new Set([...wal.sessionIds(), ...(await sessionsWithTails(database).catch(() => [] as string[]))]);
  const done: string[] = [];
  for (const id of ids) {
    const entry = wal.read(id);
    const record = entry?.session ?? (await getSession(id, database).catch(() => undefined)) ?? null;
    const owner = entry ?? record;
    if (!owner) continue;
    const ran = await withLockIfFree(sessionLockName(owner.studyId, owner.participantId), async () => {
      const tails = await sessionTails(id, database);
      await writeBatch(
        { session: entry?.session ?? undefined, chunks: [...(entry?.chunks ?? []), ...tails.map(tailToChunk)], tails: [] },
        database,
      );
      wal.remove(id);
    }).catch(() => false);
    if (ran) done.push(id);
  }
  return done;
}
