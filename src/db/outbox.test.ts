import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { PILOT_PRESET } from '../../stimuli/presets.ts';
import { createSession } from '../features/study/session-actions.ts';
import { GazeLabDb } from './db.ts';
import { DexieOutbox, getUpload, putUpload, uploadsOfStudy } from './outbox.ts';
import { deleteSession, putSession, writeChunks } from './sessions.ts';

const env = { userAgent: 't', language: 'en', screen: { w: 1, h: 1 }, viewport: { w: 1, h: 1 }, dpr: 1, persistentStorage: null };
const chunk = (taskId: number, seq: number) => ({ sessionId: 's', taskId, seq, events: [{ kind: 'scroll' as const, t: seq, scrollY: 0 }] });

async function serverSession(name: string) {
  const database = new GazeLabDb(name);
  const session = createSession({
    id: 's',
    participantId: 'P',
    config: PILOT_PRESET,
    gazeSource: 'mouse',
    firstTask: 'Free_browsing',
    environment: env,
    now: 1,
  });
  await putSession({ ...session, revision: 3 }, database);
  await putUpload({ sessionId: 's', serverStudyId: 'study-1', participantId: 'P', token: 't'.repeat(43) }, database);
  return database;
}

describe('the Dexie store as the outbox', () => {
  it('offers unacknowledged chunks in (taskId, seq) order and remembers acknowledgements across a reopen', async () => {
    const name = `outbox-${Math.random()}`;
    const database = await serverSession(name);
    await writeChunks([chunk(2, 1), chunk(2, 0), chunk(1, 0), { ...chunk(1, 1), sessionId: 'other' }], database);
    const outbox = new DexieOutbox('s', database);
    expect((await outbox.pending(10)).map((c) => [c.taskId, c.seq])).toEqual([
      [1, 0],
      [2, 0],
      [2, 1],
    ]);
    expect((await outbox.pending(2)).length).toBe(2);
    await outbox.markAcknowledged([{ taskId: 1, seq: 0 }]);
    await outbox.markRejected({ taskId: 2, seq: 1 }, 'events: not in time order');
    database.close();

    // A reload: a new connection finds what the server holds.
    const reopened = new GazeLabDb(name);
    const again = new DexieOutbox('s', reopened);
    expect((await again.pending(10)).map((c) => [c.taskId, c.seq])).toEqual([[2, 0]]);
    expect(await again.counts()).toEqual({ acknowledged: 1, pending: 1, rejected: 1 });
    expect((await getUpload('s', reopened))?.rejected).toEqual([{ taskId: 2, seq: 1, problem: 'events: not in time order' }]);
    expect((await uploadsOfStudy('study-1', reopened)).map((u) => u.sessionId)).toEqual(['s']);
    // The participant's data file takes everything, acknowledged, refused or waiting, and the upload's numbering.
    const all = await again.everything();
    expect(all.chunks.map((c) => [c.taskId, c.seq])).toEqual([
      [1, 0],
      [2, 0],
      [2, 1],
    ]);
    expect(all.upload?.serverStudyId).toBe('study-1');
    reopened.close();
    await Dexie.delete(name);
  });

  it('sends the session record by revision, renumbers above what the server holds, and is deleted with the session', async () => {
    const database = await serverSession(`outbox-${Math.random()}`);
    const outbox = new DexieOutbox('s', database);
    const update = await outbox.sessionUpdate();
    expect(update).toMatchObject({ revision: 3, status: 'active', step: 0 });
    expect(update!.record).not.toHaveProperty('config');
    expect(update!.record).toMatchObject({ participantId: 'P', revision: 3 });
    await outbox.sessionAcknowledged(3);
    expect(await outbox.sessionUpdate()).toBeNull();
    await outbox.sessionRenumber(7);
    expect((await outbox.sessionUpdate())?.revision).toBe(8);

    await writeChunks([chunk(1, 0)], database);
    await outbox.markAcknowledged([{ taskId: 1, seq: 0 }]);
    await deleteSession('s', database);
    expect(await database.uploads.count()).toBe(0);
    expect(await database.uploadAcks.count()).toBe(0);
    expect(await database.chunks.count()).toBe(0);
  });

  it('opens a version-4 database as version 5 with its chunks and no uploads', async () => {
    const name = `outbox-v4-${Math.random()}`;
    const old = new Dexie(name);
    old.version(4).stores({
      sessions: 'id, [studyId+participantId], studyId, status, startedAt',
      chunks: '++id, &[sessionId+taskId+seq], sessionId',
      studies: 'id, updatedAt',
      datasets: 'id, importedAt',
      counters: 'key',
      tails: '[sessionId+taskId+seq], sessionId',
      screenColumns: '[sessionId+taskId], sessionId',
    });
    await old.open();
    await old.table('chunks').bulkAdd([chunk(1, 0), chunk(1, 1)]);
    old.close();
    const database = new GazeLabDb(name);
    await database.open();
    expect(database.verno).toBe(5);
    expect(await database.chunks.count()).toBe(2);
    expect(await database.uploads.count()).toBe(0);
    expect(await new DexieOutbox('s', database).counts()).toEqual({ acknowledged: 0, pending: 2, rejected: 0 });
    database.close();
    await Dexie.delete(name);
  });
});
