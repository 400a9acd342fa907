import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsText, sha256Hex } from '../core/protocol/content.ts';
import type { SessionManifest } from '../core/protocol/messages.ts';
import { MemoryOutbox, type OutboxChunk } from '../src/sync/outbox.ts';
import { StudyApi, type SessionCredentials } from '../src/sync/study-api.ts';
import { Uploader, type UploadStatus } from '../src/sync/uploader.ts';
import { startServerProcess, stopLeftoverPostgres, type ServerProcess } from './testing/server-process.ts';
import { screenStream } from './testing/participant-stream.ts';
import { sessionRequest } from './testing/test-app.ts';

// The client uploader against the real server in its own process, with its embedded PostgreSQL
// (SERVER_PORT 4474, PG_PORT 4476), as `npm run serve` runs it.

const PORT = Number(process.env.TEST_SERVER_PORT ?? 4474);
const PG_PORT = Number(process.env.TEST_SERVER_PG_PORT ?? 4476);
let dir: string;
let server: ServerProcess;
const serverEnv = () => ({ DATA_DIR: join(dir, 'data'), PG_PORT: String(PG_PORT), DIST_DIR: join(dir, 'dist') });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cgl-uploader-'));
  chmodSync(dir, 0o755); // PostgreSQL (as the postgres user when we are root) must pass through
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html>');
  server = await startServerProcess({ port: PORT, env: serverEnv() });
});
afterAll(async () => {
  await server?.stop();
  await stopLeftoverPostgres(join(dir, 'data'));
  rmSync(dir, { recursive: true, force: true });
});

const fastBackoff = { baseMs: 100, maxMs: 800 };

async function newSession(api: StudyApi, participantId: string): Promise<SessionCredentials> {
  const created = await api.createSession(sessionRequest({ participantId }));
  if (!created.ok) throw new Error(JSON.stringify(created));
  return created.value;
}

async function manifestOf(api: StudyApi, session: SessionCredentials): Promise<SessionManifest> {
  const m = await api.manifest(session);
  if (!m.ok) throw new Error(JSON.stringify(m));
  return m.value;
}

/** What the server must hold: every produced chunk once, with its hash and event count. */
async function expected(chunks: OutboxChunk[]): Promise<SessionManifest['chunks']> {
  const rows = await Promise.all(
    chunks.map(async (c) => ({ taskId: c.taskId, seq: c.seq, sha256: await sha256Hex(eventsText(c.events)), events: c.events.length })),
  );
  return rows.sort((a, b) => a.taskId - b.taskId || a.seq - b.seq);
}

describe('Uploader against the study server', () => {
  it('uploads every chunk and the session record, reporting progress up to the total', async () => {
    const api = new StudyApi({ baseUrl: server.url });
    const session = await newSession(api, 'U1');
    const outbox = new MemoryOutbox();
    const chunks = [1, 2].flatMap((taskId) => screenStream(taskId, 6000, 1).chunks);
    chunks.forEach((c) => outbox.add(c));
    outbox.setSession({ status: 'active', step: 4, record: { answers: { pre: { age: 31 } } } });
    const statuses: UploadStatus[] = [];
    const uploader = new Uploader({ api, session, outbox, intervalMs: 50, backoff: fastBackoff, onStatus: (s) => statuses.push(s) });
    uploader.start();
    await uploader.flush();
    await uploader.stop();

    const manifest = await manifestOf(api, session);
    expect(manifest.chunks).toEqual(await expected(chunks));
    expect(manifest).toMatchObject({ revision: 1, step: 4, status: 'active' });
    const acks = statuses.map((s) => s.acknowledged);
    expect(acks).toEqual([...acks].sort((a, b) => a - b));
    expect(statuses.at(-1)).toMatchObject({ state: 'stopped', acknowledged: chunks.length, pending: 0, rejected: 0, sessionSaved: true });
  });

  it('a flush asked for while a round is under way waits for a round that sees what was queued before it', async () => {
    const outbox = new MemoryOutbox();
    const [first, late] = screenStream(1, 3000, 1).chunks;
    let lateFlush: Promise<void> | null = null;
    // The real API; the participant's page queues a chunk and flushes while the record is on its way.
    class QueueingApi extends StudyApi {
      onPut: (() => void) | null = null;
      override putSession(...args: Parameters<StudyApi['putSession']>) {
        this.onPut?.();
        this.onPut = null;
        return super.putSession(...args);
      }
    }
    const api = new QueueingApi({ baseUrl: server.url });
    const session = await newSession(api, 'U-late');
    outbox.add(first!);
    outbox.setSession({ status: 'active', step: 1, record: {} });
    const uploader = new Uploader({ api, session, outbox, intervalMs: 60_000, backoff: fastBackoff });
    api.onPut = () => {
      outbox.add(late!);
      lateFlush = uploader.flush();
    };
    uploader.start();
    await uploader.flush();
    expect(lateFlush).not.toBeNull();
    await lateFlush;
    // Resolved only once the late chunk is held: not by the round that began before it was queued.
    expect((await manifestOf(api, session)).chunks).toEqual(await expected([first!, late!]));
    await uploader.stop();
  });

  it('loses and duplicates nothing when the server is killed (SIGKILL) mid-upload and restarted', async () => {
    const api0 = new StudyApi({ baseUrl: server.url });
    const session = await newSession(api0, 'U2');
    const outbox = new MemoryOutbox();
    const produced: OutboxChunk[] = [];
    let posts = 0;
    let killed: Promise<void> | undefined;
    // The 4th upload request is on its way when the server dies: its answer (if any) is lost.
    const fetchSpy: typeof fetch = (input, init) => {
      const response = fetch(input, init);
      if (init?.method === 'POST' && String(input).endsWith('/chunks') && ++posts === 4) killed = server.kill();
      return response;
    };
    const api = new StudyApi({ baseUrl: server.url, fetch: fetchSpy, timeoutMs: 5000 });
    const states = new Set<string>();
    const uploader = new Uploader({ api, session, outbox, intervalMs: 100, backoff: fastBackoff, onStatus: (s) => states.add(s.state) });
    uploader.start();

    // The "recorder": a chunk every 25 ms, for 3 screens, while the server goes down and comes back.
    const screens = [1, 2, 3].map((taskId) => screenStream(taskId, 8000, 2));
    const recording = (async () => {
      for (const screen of screens) {
        for (const c of screen.chunks) {
          outbox.add(c);
          produced.push(c);
          await new Promise((r) => setTimeout(r, 25));
        }
        outbox.setSession({
          status: 'active',
          step: screen.taskId * 2,
          record: { screens: { [screen.taskId]: { endedAt: screen.durationMs } } },
        });
      }
    })();
    await waitFor(() => killed !== undefined, 20_000);
    await killed;
    const downAt = performance.now();
    await waitFor(() => states.has('paused'), 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    server = await startServerProcess({ port: PORT, env: serverEnv() });
    await recording;
    outbox.setSession({ status: 'completed', step: 99, record: { finished: true } });
    await uploader.flush();
    await uploader.stop();
    const outageMs = performance.now() - downAt;

    const manifest = await manifestOf(new StudyApi({ baseUrl: server.url }), session);
    const want = await expected(produced);
    const lost = want.filter((w) => !manifest.chunks.some((m) => m.taskId === w.taskId && m.seq === w.seq && m.sha256 === w.sha256));
    const extra = manifest.chunks.filter((m) => !want.some((w) => w.taskId === m.taskId && w.seq === m.seq));
    const eventsHeld = manifest.chunks.reduce((n, c) => n + c.events, 0);
    const eventsMade = produced.reduce((n, c) => n + c.events.length, 0);
    console.log(
      `kill test: ${produced.length} chunks / ${eventsMade} events recorded, server down ~${Math.round(outageMs)} ms; ` +
        `server holds ${manifest.chunks.length} chunks / ${eventsHeld} events; lost ${lost.length}, extra ${extra.length}`,
    );
    expect(lost).toEqual([]);
    expect(extra).toEqual([]);
    expect(eventsHeld).toBe(eventsMade);
    expect(manifest).toMatchObject({ status: 'completed', step: 99 });
    expect(states.has('paused')).toBe(true);
    expect(await outbox.counts()).toEqual({ acknowledged: produced.length, pending: 0, rejected: 0 });
  });

  it('keeps going when its outbox fails for a while (storage trouble), then uploads everything', async () => {
    const api = new StudyApi({ baseUrl: server.url });
    const session = await newSession(api, 'U5');
    const outbox = new MemoryOutbox();
    const chunks = screenStream(3, 2000, 5).chunks;
    chunks.forEach((c) => outbox.add(c));
    let failuresLeft = 2;
    const pending = outbox.pending.bind(outbox);
    outbox.pending = async (limit) => {
      if (failuresLeft-- > 0) throw new Error('QuotaExceededError');
      return pending(limit);
    };
    const problems: string[] = [];
    const uploader = new Uploader({
      api,
      session,
      outbox,
      intervalMs: 50,
      backoff: fastBackoff,
      onStatus: (s) => s.problem && problems.push(s.problem),
    });
    uploader.start();
    await uploader.flush();
    await uploader.stop();
    expect(problems).toContain('outbox: QuotaExceededError');
    expect((await manifestOf(api, session)).chunks).toEqual(await expected(chunks));
  });

  it('sets aside a chunk the server refuses (named problem) and uploads the rest', async () => {
    const api = new StudyApi({ baseUrl: server.url });
    const session = await newSession(api, 'U3');
    const outbox = new MemoryOutbox();
    const good = screenStream(7, 3000, 3).chunks;
    const bad: OutboxChunk = { taskId: 8, seq: 0, events: [{ kind: 'cursor', t: 1, x: 1, y: Number.NaN }] };
    [good[0]!, bad, ...good.slice(1)].forEach((c) => outbox.add(c));
    const uploader = new Uploader({ api, session, outbox, intervalMs: 50, backoff: fastBackoff });
    uploader.start();
    await uploader.flush();
    await uploader.stop();
    expect(await outbox.counts()).toEqual({ acknowledged: good.length, pending: 0, rejected: 1 });
    expect(outbox.rejected.get('8:0')).toBe('chunks[1].events[0].y: expected number but got null');
    expect((await manifestOf(api, session)).chunks.map((c) => c.taskId)).toEqual(good.map(() => 7));
  });

  it('replaces the record of an earlier copy of the session that got further, and stops once the session is withdrawn', async () => {
    const api = new StudyApi({ baseUrl: server.url });
    const session = await newSession(api, 'U4');
    const r5 = await api.putSession(session, { revision: 5, status: 'active', step: 5, record: { from: 'earlier tab' } });
    expect(r5.ok).toBe(true);
    const outbox = new MemoryOutbox();
    outbox.setSession({ status: 'active', step: 2, record: { from: 'this tab' } });
    const statuses: UploadStatus[] = [];
    const uploader = new Uploader({ api, session, outbox, intervalMs: 50, backoff: fastBackoff, onStatus: (s) => statuses.push(s) });
    uploader.start();
    await uploader.flush();
    expect(await manifestOf(api, session)).toMatchObject({ revision: 6, step: 2 });

    expect((await api.withdraw(session)).ok).toBe(true);
    expect((await api.withdraw(session)).ok).toBe(true);
    outbox.add(screenStream(1, 1000, 4).chunks[0]!);
    await expect(uploader.flush()).rejects.toThrow(/session: does not exist/);
    expect(statuses.at(-1)).toMatchObject({ state: 'refused', pending: 1 });
    await uploader.stop();
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
