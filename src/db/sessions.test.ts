import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PILOT_PRESET } from '../../stimuli/presets.ts';
import { createSession } from '../features/study/session-actions.ts';
import { GazeLabDb } from './db.ts';
import { deleteSession, findSession, lastChunkSeq, nextCounter, putSession, screenEvents, sessionEvents, writeChunks } from './sessions.ts';

const env = { userAgent: 't', language: 'en', screen: { w: 1, h: 1 }, viewport: { w: 1, h: 1 }, dpr: 1, persistentStorage: null };

describe('sessions db layer', () => {
  it('stores chunks and reads a screen back in seq order', async () => {
    const db = new GazeLabDb(`t-${Math.random()}`);
    await writeChunks(
      [
        { sessionId: 'a', taskId: 2, seq: 1, events: [{ kind: 'scroll', t: 2, scrollY: 10 }] },
        { sessionId: 'a', taskId: 2, seq: 0, events: [{ kind: 'scroll', t: 1, scrollY: 5 }] },
        { sessionId: 'a', taskId: 3, seq: 0, events: [{ kind: 'scroll', t: 9, scrollY: 0 }] },
        { sessionId: 'b', taskId: 2, seq: 0, events: [{ kind: 'scroll', t: 7, scrollY: 0 }] },
      ],
      db,
    );
    expect((await screenEvents('a', 2, db)).map((e) => e.t)).toEqual([1, 2]);
    expect(await lastChunkSeq('a', 2, db)).toBe(1);
    expect(await lastChunkSeq('a', 5, db)).toBe(-1);
    expect([...(await sessionEvents('a', db)).keys()]).toEqual([2, 3]);
  });

  it('finds the latest session of a participant and deletes a session with its chunks', async () => {
    const db = new GazeLabDb(`t-${Math.random()}`);
    const s1 = createSession({
      id: 's1',
      participantId: 'P',
      config: PILOT_PRESET,
      gazeSource: 'mouse',
      firstTask: 'Free_browsing',
      environment: env,
      now: 1,
    });
    const s2 = { ...s1, id: 's2', startedAt: 2 };
    await putSession(s1, db);
    await putSession(s2, db);
    expect((await findSession('pilot', 'P', db))?.id).toBe('s2');
    await writeChunks([{ sessionId: 's2', taskId: 1, seq: 0, events: [] }], db);
    await deleteSession('s2', db);
    expect((await findSession('pilot', 'P', db))?.id).toBe('s1');
    expect(await db.chunks.count()).toBe(0);
  });

  it('nextCounter() counts up per key', async () => {
    const db = new GazeLabDb(`t-${Math.random()}`);
    expect([await nextCounter('x', db), await nextCounter('x', db), await nextCounter('y', db)]).toEqual([1, 2, 1]);
  });
});
