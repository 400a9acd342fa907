import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../core/events.ts';
import { RECORD_SCHEMA_VERSION, type ChunkRecord, type SessionRecord } from '../../core/records.ts';
import { createSession } from '../features/study/session-actions.ts';
import { PILOT_PRESET } from '../../stimuli/presets.ts';
import { GazeLabDb } from '../db/db.ts';
import { getSession, screenEvents, writeBatch, type WriteBatch } from '../db/sessions.ts';
import { EventRecorder } from './event-recorder.ts';
import { recoverUnsavedSessions, takeOverUnsaved } from './recovery.ts';
import { SessionWriter, type BatchSink } from './session-writer.ts';
import { MemoryStorage, WriteAheadLog } from './write-ahead-log.ts';

const names: string[] = [];
function database(): GazeLabDb {
  const name = `writer-test-${names.length}-${Date.now()}`;
  names.push(name);
  return new GazeLabDb(name);
}
afterEach(async () => {
  for (const name of names.splice(0)) await new GazeLabDb(name).delete();
});

function session(id = 's1', revision = 0): SessionRecord {
  const env = { userAgent: 't', language: 'en', screen: { w: 1, h: 1 }, viewport: { w: 1, h: 1 }, dpr: 1, persistentStorage: null };
  const created = createSession({
    id,
    participantId: 'P_1',
    config: PILOT_PRESET,
    gazeSource: 'mouse',
    firstTask: 'Free_browsing',
    environment: env,
    now: 1,
  });
  return { ...created, stepIndex: 3, revision };
}

/** Numbered cursor events: the number is the event's identity when counting what was stored. */
const moves = (from: number, n: number): RecordedEvent[] =>
  Array.from({ length: n }, (_, i) => ({ kind: 'cursor' as const, t: from + i, x: from + i, y: 0 }));
const chunk = (taskId: number, seq: number, events: RecordedEvent[]): ChunkRecord => ({
  schemaVersion: RECORD_SCHEMA_VERSION,
  sessionId: 's1',
  taskId,
  seq,
  events,
});
const numbers = (events: RecordedEvent[]) => events.map((e) => (e.kind === 'cursor' ? e.x : -1));

/** The real Dexie layer, with a switch that makes every write fail as a full disk does. */
function switchableSink(db: GazeLabDb) {
  const state = { full: false, writes: 0 };
  const sink: BatchSink = {
    write: (batch: WriteBatch) => {
      state.writes++;
      if (state.full) return Promise.reject(Object.assign(new Error('full'), { name: 'QuotaExceededError' }));
      return writeBatch(batch, db);
    },
  };
  return { sink, state };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

function newWriter(sink: BatchSink, wal = new WriteAheadLog(new MemoryStorage())) {
  return new SessionWriter({ sessionId: 's1', studyId: 'pilot', participantId: 'P_1', sink, wal, retryDelaysMs: [20] });
}

describe('SessionWriter', () => {
  it('stores every chunk and the newest session record, and a tail until its chunk supersedes it', async () => {
    const db = database();
    const writer = newWriter(switchableSink(db).sink);
    writer.setSession(session('s1', 1));
    writer.addChunks([chunk(1, 0, moves(0, 10))]);
    writer.setTail({ schemaVersion: 2, sessionId: 's1', taskId: 1, seq: 1, events: moves(10, 3) });
    await writer.settled();
    expect(numbers(await screenEvents('s1', 1, db))).toEqual(moves(0, 10).map((_, i) => i));
    expect((await db.tails.toArray()).map((t) => t.seq)).toEqual([1]);
    writer.addChunks([chunk(1, 1, moves(10, 5))]);
    writer.setSession(session('s1', 2));
    await writer.settled();
    expect(await db.tails.count()).toBe(0);
    expect(numbers(await screenEvents('s1', 1, db))).toEqual([...Array(15).keys()]);
    expect((await getSession('s1', db))?.revision).toBe(2);
  });

  it('storage full, then freed: holds the chunks of every screen (also ended ones) and stores them all, in order', async () => {
    const db = database();
    const { sink, state } = switchableSink(db);
    const storage = new MemoryStorage();
    const wal = new WriteAheadLog(storage);
    const writer = newWriter(sink, wal);
    const statuses: string[] = [];
    writer.subscribe(() => statuses.push(`${writer.status().state}:${writer.status().pendingEvents}`));
    writer.setSession(session('s1', 1));
    await writer.settled();

    state.full = true;
    // Screen 1 records and ends while writes fail; screen 2 starts and records.
    const screen1 = new EventRecorder({ sessionId: 's1', taskId: 1, writer });
    for (const e of moves(0, 235)) screen1.push(e);
    screen1.stop();
    writer.setSession(session('s1', 2));
    await until(() => writer.status().state === 'failing');
    const screen2 = new EventRecorder({ sessionId: 's1', taskId: 2, writer });
    for (const e of moves(1000, 40)) screen2.push(e);
    screen2.cut();
    await until(() => writer.status().pendingEvents === 275);
    expect(writer.status()).toMatchObject({ state: 'failing', problem: "this browser's storage is full", backup: 'saved' });
    // The write-ahead log holds a copy of everything held.
    await until(() => (wal.read('s1')?.chunks.flatMap((c) => c.events).length ?? 0) === 275);
    expect(wal.read('s1')?.session?.revision).toBe(2);
    expect(await screenEvents('s1', 1, db)).toEqual([]);
    const failedWrites = state.writes;

    state.full = false;
    await until(() => writer.status().state === 'saved');
    await writer.settled();
    expect(state.writes).toBeGreaterThan(failedWrites);
    expect(numbers(await screenEvents('s1', 1, db))).toEqual([...Array(235).keys()]);
    expect(numbers(await screenEvents('s1', 2, db))).toEqual(Array.from({ length: 40 }, (_, i) => 1000 + i));
    expect((await getSession('s1', db))?.revision).toBe(2);
    expect(wal.read('s1')).toBeNull();
    expect(statuses).toContain('failing:275');
    expect(statuses.at(-1)).toBe('saved:0');
  });

  it('writes the session and the whole current screen again when the database is deleted under it', async () => {
    const db = database();
    const writer = newWriter(switchableSink(db).sink);
    db.onLoss((loss) => writer.databaseLost(loss));
    writer.setSession(session('s1', 3));
    writer.addChunks([chunk(1, 0, moves(0, 5))]); // an earlier screen: gone with the database
    writer.retainScreen(2, [chunk(2, 0, moves(100, 7))]); // stored before a reload
    writer.addChunks([chunk(2, 1, moves(107, 3))]);
    await writer.settled();
    expect(await screenEvents('s1', 2, db)).toHaveLength(3);

    await new GazeLabDb(db.name).delete(); // another tab, or "clear site data"
    await until(() => writer.status().lost !== null);
    writer.addChunks([chunk(2, 2, moves(110, 2))]);
    await until(async () => (await screenEvents('s1', 2, db).catch(() => [])).length === 12);
    await writer.settled();
    expect(numbers(await screenEvents('s1', 2, db))).toEqual(Array.from({ length: 12 }, (_, i) => 100 + i));
    expect((await getSession('s1', db))?.revision).toBe(3);
    expect(await screenEvents('s1', 1, db)).toEqual([]);
    expect(writer.status().lost).toBe('deleted');
  });

  it('a chunk whose write was under way when the database went is written again after it lands', async () => {
    const batches: WriteBatch[] = [];
    let release = () => {};
    const sink: BatchSink = {
      write: (batch) => {
        batches.push(batch);
        return batches.length === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    };
    const writer = newWriter(sink);
    writer.retainScreen(1, []);
    writer.addChunks([chunk(1, 0, moves(0, 3))]);
    const first = writer.flush(); // lands in the old database...
    writer.databaseLost('deleted'); // ...which is deleted before the write reports back
    release();
    await first;
    await writer.settled();
    const rewritten = batches.slice(1).flatMap((b) => b.chunks.map((c) => c.seq));
    expect(rewritten).toContain(0);
  });

  it('pagehide: the write-ahead copy holds the cut buffer; the next page stores it once, even if the first write also landed', async () => {
    const db = database();
    const storage = new MemoryStorage();
    const page1 = newWriter(switchableSink(db).sink, new WriteAheadLog(storage));
    page1.setSession(session('s1', 4));
    const rec = new EventRecorder({ sessionId: 's1', taskId: 1, writer: page1 });
    page1.onBeforeWriteAhead(() => rec.cut());
    for (const e of moves(0, 30)) rec.push(e);
    page1.writeAhead(); // synchronous copy, then the IndexedDB write starts
    const copy = new WriteAheadLog(storage).read('s1');
    expect(copy?.chunks.flatMap((c) => numbers(c.events))).toEqual([...Array(30).keys()]);
    expect(copy?.session?.revision).toBe(4);
    const logged = storage.getItem('carousel-gaze-lab:unsaved:s1')!;
    await page1.settled(); // here the write landed too, and cleared the log...
    expect(storage.getItem('carousel-gaze-lab:unsaved:s1')).toBeNull();
    storage.setItem('carousel-gaze-lab:unsaved:s1', logged); // ...which a page torn down first could not do

    const page2 = newWriter(switchableSink(db).sink, new WriteAheadLog(storage));
    const fromLog = await takeOverUnsaved(page2, new WriteAheadLog(storage), db);
    expect(fromLog?.revision).toBe(4);
    await page2.settled();
    expect(numbers(await screenEvents('s1', 1, db))).toEqual([...Array(30).keys()]);
    expect(await db.chunks.count()).toBe(1);
    expect(new WriteAheadLog(storage).read('s1')).toBeNull();
  });

  it('another page stores the log and the unsaved tails of a session no tab runs', async () => {
    const db = database();
    const storage = new MemoryStorage();
    const wal = new WriteAheadLog(storage);
    await writeBatch({ session: session('s1', 1), chunks: [chunk(1, 0, moves(0, 4))], tails: [] }, db);
    // A killed page: its last tail (seq 2) and a log entry with chunk 1 and a newer record.
    await writeBatch({ chunks: [], tails: [{ schemaVersion: 2, sessionId: 's1', taskId: 1, seq: 2, events: moves(8, 2) }] }, db);
    wal.save({
      sessionId: 's1',
      studyId: 'pilot',
      participantId: 'P_1',
      session: session('s1', 2),
      chunks: [chunk(1, 1, moves(4, 4))],
      savedAt: 1,
    });
    expect(await recoverUnsavedSessions(wal, db)).toEqual(['s1']);
    expect(numbers(await screenEvents('s1', 1, db))).toEqual([...Array(10).keys()]);
    expect(await db.tails.count()).toBe(0);
    expect((await getSession('s1', db))?.revision).toBe(2);
    expect(wal.sessionIds()).toEqual([]);
  });
});

describe('SessionWriter.discard (withdrawal)', () => {
  it('forgets what it holds and stores nothing more, not even at pagehide', async () => {
    const db = database();
    const wal = new WriteAheadLog(new MemoryStorage());
    const { sink, state } = switchableSink(db);
    const writer = new SessionWriter({ sessionId: 's1', studyId: 'pilot', participantId: 'P_1', sink, wal });
    writer.setSession(session());
    writer.addChunks([chunk(1, 0, moves(0, 3))]);
    await writer.settled();
    state.full = true;
    writer.addChunks([chunk(1, 1, moves(3, 3))]);
    writer.writeAhead();
    expect(wal.sessionIds()).toEqual(['s1']);
    await writer.discard();
    expect(wal.sessionIds()).toEqual([]);
    state.full = false;
    const writes = state.writes;
    writer.addChunks([chunk(1, 2, moves(6, 3))]);
    writer.setTail({ schemaVersion: RECORD_SCHEMA_VERSION, sessionId: 's1', taskId: 1, seq: 3, events: moves(9, 1) });
    writer.setSession(session('s1', 5));
    writer.writeAhead();
    await writer.settled();
    await new Promise((r) => setTimeout(r, 1100));
    expect(state.writes).toBe(writes);
    expect(wal.sessionIds()).toEqual([]);
    expect(numbers(await screenEvents('s1', 1, db))).toEqual([0, 1, 2]);
    expect(writer.pendingEvents()).toBe(0);
  });
});

describe('WriteAheadLog', () => {
  it('reports a full localStorage instead of throwing, and skips damaged parts when read', () => {
    const storage = new MemoryStorage(200);
    const wal = new WriteAheadLog(storage);
    const big = { sessionId: 's1', studyId: 'pilot', participantId: 'P_1', session: null, chunks: [chunk(1, 0, moves(0, 50))], savedAt: 1 };
    expect(wal.save(big)).toBe('full');
    expect(new WriteAheadLog(null).save(big)).toBe('unavailable');
    const roomy = new MemoryStorage();
    roomy.setItem(
      'carousel-gaze-lab:unsaved:s1',
      JSON.stringify({ ...big, session: { id: 's1' }, chunks: [chunk(1, 0, moves(0, 2)), { sessionId: 's1', seq: 'x' }] }),
    );
    const entry = new WriteAheadLog(roomy).read('s1');
    expect(entry?.session).toBeNull();
    expect(entry?.chunks.map((c) => c.seq)).toEqual([0]);
  });
});
