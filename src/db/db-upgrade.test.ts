import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChunkRecord, SessionRecord } from '../../core/records.ts';
import { getDataset } from './datasets.ts';
import { GazeLabDb, SCHEMA_V1 } from './db.ts';
import { findSession, getSession, listSessions, screenEvents, sessionEvents, writeChunks } from './sessions.ts';
import { getStudy } from './studies.ts';

interface V1Dump {
  sessions: (Omit<SessionRecord, 'schemaVersion' | 'revision' | 'consentedAt'> & Partial<SessionRecord>)[];
  chunks: ChunkRecord[];
  studies: Record<string, unknown>[];
  datasets: Record<string, unknown>[];
  counters: { key: string; value: number }[];
}

const dump = JSON.parse(readFileSync(new URL('./fixtures/v1-database.json', import.meta.url), 'utf8')) as V1Dump;

let n = 0;
const names: string[] = [];
/** A database written by schema 1 (the app as of 0.1.0) with the fixture's records. */
async function v1Database(extraChunks: ChunkRecord[] = []): Promise<string> {
  const name = `upgrade-test-${++n}`;
  names.push(name);
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_V1);
  await old.open();
  await old.table('sessions').bulkPut(dump.sessions);
  await old.table('chunks').bulkPut(dump.chunks);
  if (extraChunks.length) await old.table('chunks').bulkAdd(extraChunks);
  await old.table('studies').bulkPut(dump.studies);
  await old.table('datasets').bulkPut(dump.datasets);
  await old.table('counters').bulkPut(dump.counters);
  expect(old.verno).toBe(1);
  old.close();
  return name;
}

afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

describe('opening a schema-1 database with the current schema', () => {
  it('keeps the consented session and its events, stamps every record, and drops the never-consented visit', async () => {
    const database = new GazeLabDb(await v1Database());
    await database.open();
    expect(database.verno).toBe(5);

    const consented = dump.sessions.find((s) => s.stepIndex > 0)!;
    const neverConsented = dump.sessions.find((s) => s.stepIndex === 0)!;
    const session = await getSession(consented.id, database);
    expect(session).toMatchObject({ schemaVersion: 2, revision: 0, consentedAt: null, participantId: 'V1_1', stepIndex: 6 });
    expect(session!.calibration).toEqual(consented.calibration);
    expect(session!.config).toEqual(consented.config);
    expect(await getSession(neverConsented.id, database)).toBeUndefined();
    expect((await listSessions(database)).map((s) => s.participantId)).toEqual(['V1_1']);
    expect((await findSession('pilot', 'V1_1', database))?.id).toBe(consented.id);

    // Every recorded event is still there, screen by screen, in order.
    const stored = await sessionEvents(consented.id, database);
    for (const taskId of [1, 31]) {
      const expected = dump.chunks
        .filter((c) => c.sessionId === consented.id && c.taskId === taskId)
        .sort((a, b) => a.seq - b.seq)
        .flatMap((c) => c.events);
      expect(expected.length).toBeGreaterThan(10);
      expect(stored.get(taskId)).toEqual(expected);
      expect(await screenEvents(consented.id, taskId, database)).toEqual(expected);
    }

    const study = await getStudy<{ seed: number }>('saved-v1', database);
    expect(study).toMatchObject({ schemaVersion: 2, id: 'saved-v1' });
    expect(study!.studio?.seed).toBe(dump.studies[0]!.studio && (dump.studies[0]!.studio as { seed: number }).seed);
    const dataset = await getDataset(String(dump.datasets[0]!.id), database);
    expect(dataset).toMatchObject({ schemaVersion: 2, origin: 'recgaze-csv' });
    expect(await database.counters.get('participant:pilot')).toEqual({ key: 'participant:pilot', value: 1 });
    database.close();
  });

  it('removes duplicate chunks of schema 1 so that (sessionId, taskId, seq) can be unique, and then enforces it', async () => {
    const first = dump.chunks.find((c) => c.seq === 0)!;
    const duplicate: ChunkRecord = { sessionId: first.sessionId, taskId: first.taskId, seq: 0, events: [] };
    const database = new GazeLabDb(await v1Database([duplicate]));
    await database.open();
    expect(await database.chunks.count()).toBe(dump.chunks.length);
    expect(await screenEvents(first.sessionId, first.taskId, database)).toEqual(
      dump.chunks
        .filter((c) => c.sessionId === first.sessionId && c.taskId === first.taskId)
        .sort((a, b) => a.seq - b.seq)
        .flatMap((c) => c.events),
    );
    await expect(database.chunks.add({ ...duplicate })).rejects.toMatchObject({ name: 'ConstraintError' });
    // The app's own writes are idempotent instead.
    await writeChunks([duplicate, { ...duplicate, seq: 99, events: [{ kind: 'resume', t: 1 }] }], database);
    expect(await database.chunks.count()).toBe(dump.chunks.length + 1);
    database.close();
  });

  it('names the record and the field when a stored record is damaged', async () => {
    const database = new GazeLabDb(await v1Database());
    await database.open();
    const id = dump.sessions.find((s) => s.stepIndex > 0)!.id;
    await database.sessions.update(id, { calibration: [{ kind: 'calibration', source: 'mouse', at: 'yesterday' }] } as never);
    await expect(getSession(id, database)).rejects.toThrow(`The stored session ${id} is damaged: calibration[0].at`);
    database.close();
  });
});
