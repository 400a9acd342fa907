import 'fake-indexeddb/auto';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { GazeLabDb } from '../../db/db.ts';
import { putSession, writeChunks } from '../../db/sessions.ts';
import { allSessionIds, exportSessionsZip } from './download.ts';
import { createSession } from '../../../format/testing/create-session.ts';

const dbs: GazeLabDb[] = [];
afterEach(async () => {
  for (const d of dbs.splice(0)) await d.delete();
});

async function store(database: GazeLabDb, s: ReturnType<typeof createSession>): Promise<void> {
  await putSession(s.session, database);
  // Several chunks per screen, written out of order, as the recorder may leave them.
  const chunks = [...s.events].flatMap(([taskId, events]) =>
    [0, 1, 2].map((seq) => ({ sessionId: s.session.id, taskId, seq, events: events.filter((_, i) => i % 3 === seq) })),
  );
  await writeChunks(chunks.reverse(), database);
}

describe('exportSessionsZip()', () => {
  it('reads the chosen sessions and their chunks from IndexedDB', async () => {
    const database = new GazeLabDb(`export-db-${Date.now()}`);
    dbs.push(database);
    const a = createSession();
    const b = createSession();
    await store(database, a);
    await store(database, b);
    expect(await allSessionIds(database)).toEqual([a.session.id, b.session.id]);
    const files = unzipSync(await exportSessionsZip([b.session.id], database));
    const env = JSON.parse(strFromU8(files['session.json']!));
    expect(env.sessions.map((s: { record: { id: string } }) => s.record.id)).toEqual([b.session.id]);
    const users = strFromU8(files['user_features.csv']!);
    expect(users).toContain(b.session.participantId);
    expect(users).not.toContain(`${a.session.participantId},`);
    // Chunks were re-assembled per screen in seq order.
    const gazeRows = strFromU8(files['gaze_samples.csv']!).trimEnd().split('\r\n').length - 1;
    expect(gazeRows).toBe([...b.events.values()].flat().filter((e) => e.kind === 'gaze').length);
  });

  it('names a session that is not stored', async () => {
    const database = new GazeLabDb(`export-db-missing-${Date.now()}`);
    dbs.push(database);
    await expect(exportSessionsZip(['nope'], database)).rejects.toThrow("Session nope is not in this browser's storage");
  });
});
