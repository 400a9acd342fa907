import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { screenColumns } from '../../analysis/screen-columns.ts';
import type { ChunkRecord, SessionRecord } from '../../core/records.ts';
import { createSession } from '../../format/testing/create-session.ts';
import { GazeLabDb } from '../db/db.ts';
import { storedScreenColumns } from '../db/screen-columns.ts';
import { deleteSession, putSession, writeChunks } from '../db/sessions.ts';
import { recordedSessionColumns } from './recorded-columns.ts';

/** A session's events cut into chunks of 20 events, as the recorder writes them. */
async function store(db: GazeLabDb, a: ReturnType<typeof createSession>, status: SessionRecord['status']) {
  await putSession({ ...a.session, status }, db);
  const chunks: ChunkRecord[] = [];
  for (const [taskId, events] of a.events)
    for (let i = 0, seq = 0; i < events.length; i += 20)
      chunks.push({ sessionId: a.session.id, taskId, seq: seq++, events: events.slice(i, i + 20) });
  await writeChunks(chunks, db);
  return { ...a.session, status };
}

describe('recordedSessionColumns()', () => {
  it('returns every recorded event of a completed session as columns, stores them, and reads them back from then on', async () => {
    const db = new GazeLabDb(`t-${Math.random()}`);
    const a = createSession();
    const session = await store(db, a, 'completed');
    const first = await recordedSessionColumns(session, db);
    expect([...first.keys()].sort((x, y) => x - y)).toEqual([...a.events.keys()].sort((x, y) => x - y));
    for (const [taskId, events] of a.events) {
      expect(first.get(taskId)).toEqual(screenColumns(events));
      const counted = Object.values(first.get(taskId)!.counts).reduce((n, c) => n + c, 0);
      expect(counted).toBe(events.length);
    }
    expect(await storedScreenColumns(session.id, db)).toHaveLength(a.events.size);
    // From now on the chunks are not read: the stored columns come back even without them.
    await db.chunks.clear();
    expect(await recordedSessionColumns(session, db)).toEqual(first);
  });

  it('returns an active session from its chunks every time, without storing columns', async () => {
    const db = new GazeLabDb(`t-${Math.random()}`);
    const a = createSession();
    const session = await store(db, a, 'active');
    const cols = await recordedSessionColumns(session, db);
    expect(cols.get(1)!.gaze.t.length).toBe(a.events.get(1)!.filter((e) => e.kind === 'gaze').length);
    expect(await storedScreenColumns(session.id, db)).toHaveLength(0);
    await writeChunks(
      [{ sessionId: session.id, taskId: 1, seq: 999, events: [{ kind: 'gaze', t: 1e6, x: 1, y: 1, source: 'mouse' }] }],
      db,
    );
    expect((await recordedSessionColumns(session, db)).get(1)!.gaze.t.length).toBe(cols.get(1)!.gaze.t.length + 1);
  });

  it('returns nothing stored once the session is deleted', async () => {
    const db = new GazeLabDb(`t-${Math.random()}`);
    const session = await store(db, createSession(), 'completed');
    await recordedSessionColumns(session, db);
    await deleteSession(session.id, db);
    expect(await storedScreenColumns(session.id, db)).toHaveLength(0);
  });
});
