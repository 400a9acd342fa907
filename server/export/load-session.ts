import { gunzipSync } from 'node:zlib';
import type pg from 'pg';
import type { RecordedEvent } from '../../core/events.ts';
import { LIMITS } from '../../core/protocol/limits.ts';
import type { ScreenEvents } from '../../format/exporter.ts';
import type { StoredSessionRow } from './session-record.ts';

// Reading a stored session back: its row, and its chunks (the browser's gzip bytes) opened and
// joined per screen in sequence order.

type Db = pg.Pool | pg.ClientBase;

export const SESSION_ROW_COLUMNS = `id, participant_id, study_id, app_version, consented_at, config, status, step, record, study_version,
  recruitment, first_task`;

/** The sessions of a study in the order they started (all, or those listed). */
export async function studySessionRows(db: Db, studyId: string, sessionIds?: readonly string[]): Promise<StoredSessionRow[]> {
  const { rows } = await db.query<StoredSessionRow>(
    `SELECT ${SESSION_ROW_COLUMNS} FROM sessions
      WHERE study_id = $1 AND study_version IS NOT NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
      ORDER BY consented_at, created_at, id`,
    [studyId, sessionIds ?? null],
  );
  return rows;
}

/** Every chunk of a session, oldest first per screen, as the gzip bytes the browser sent. */
export async function sessionChunks(db: Db, sessionId: string): Promise<{ taskId: number; seq: number; gzip: Buffer }[]> {
  const { rows } = await db.query<{ task_id: number; seq: number; gzip: Buffer }>(
    'SELECT task_id, seq, gzip FROM chunks WHERE session_id = $1 ORDER BY task_id, seq',
    [sessionId],
  );
  return rows.map((r) => ({ taskId: r.task_id, seq: r.seq, gzip: r.gzip }));
}

/** The session's events by screen (each chunk was checked when it arrived). */
export async function sessionEvents(db: Db, sessionId: string): Promise<ScreenEvents> {
  const events: ScreenEvents = new Map();
  for (const chunk of await sessionChunks(db, sessionId)) {
    const list = JSON.parse(gunzipSync(chunk.gzip, { maxOutputLength: LIMITS.chunkRawBytes }).toString('utf8')) as RecordedEvent[];
    const screen = events.get(chunk.taskId);
    if (screen) for (const e of list) screen.push(e);
    else events.set(chunk.taskId, list);
  }
  return events;
}
