// The real study server for participant e2e specs: its own process on this checkout's ports with
// a throwaway data directory, the built app, the embedded PostgreSQL (which a test may stop and
// start again), and the researcher API (log in, publish and open a study, export it).
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { RecordedEvent } from '../../core/events.ts';
import type { SessionManifest } from '../../core/protocol/messages.ts';
import type { SessionsList, StudySettings } from '../../core/protocol/lab.ts';
import { DEFAULT_STUDY_SETTINGS } from '../../core/protocol/lab.ts';
import type { UploadRecord } from '../../core/records.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';
import { startServerProcess, stopLeftoverPostgres, type ServerProcess } from '../../server/testing/server-process.ts';
import { readChunks, readStore } from './study-driver.ts';

const DIST = new URL('../../dist', import.meta.url).pathname;
export const OWNER = { email: 'owner@upload.test', password: 'owner password upload e2e' };

export class StudyServer {
  private process: ServerProcess | null = null;
  private cookie = '';
  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly pgPort: number,
  ) {}

  static async start(port: number, pgPort: number): Promise<StudyServer> {
    const dir = mkdtempSync(join(tmpdir(), 'cgl-upload-e2e-'));
    chmodSync(dir, 0o755);
    const server = new StudyServer(dir, port, pgPort);
    await server.up();
    return server;
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Starts the server process (again, after kill()), with the same data directory. */
  async up(): Promise<void> {
    this.process = await startServerProcess({
      port: this.port,
      env: {
        DATA_DIR: this.dataDir,
        PG_PORT: String(this.pgPort),
        DIST_DIR: DIST,
        OWNER_EMAIL: OWNER.email,
        OWNER_PASSWORD: OWNER.password,
      },
    });
  }

  /** SIGKILL, no shutdown (its PostgreSQL keeps running; the next start stops that orphan). */
  async kill(): Promise<void> {
    await this.process?.kill();
    this.process = null;
  }

  async close(): Promise<void> {
    await this.process?.stop();
    await stopLeftoverPostgres(this.dataDir);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Stops the embedded PostgreSQL under the running server (fast shutdown); returns how to start it again. */
  async stopPostgres(): Promise<() => void> {
    const pidFile = join(this.dataDir, 'pg', 'postmaster.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const { uid, gid } = statOwner(join(this.dataDir, 'pg'));
    await stopLeftoverPostgres(this.dataDir);
    return () => {
      const child = spawn(cmdline[0]!, cmdline.slice(1), { uid, gid, detached: true, stdio: 'ignore' });
      child.unref();
    };
  }

  private async api(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.url}/api/lab${path}`, {
      method,
      headers: { cookie: this.cookie, origin: this.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  }

  async logIn(): Promise<void> {
    const res = await fetch(`${this.url}/api/lab/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.url },
      body: JSON.stringify(OWNER),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  }

  /** Creates, publishes and opens a study; `settings` as the researcher would set them. */
  async openStudy(config: StudyConfig, settings: Partial<StudySettings> = {}): Promise<void> {
    await this.api('POST', '/studies', { config, studio: null });
    await this.api('POST', `/studies/${config.id}/publish`, {});
    await this.api('POST', `/studies/${config.id}/state`, { state: 'open' });
    await this.api('PUT', `/studies/${config.id}/settings`, { target: null, settings: { ...DEFAULT_STUDY_SETTINGS, ...settings } });
  }

  async sessions(studyId: string): Promise<SessionsList> {
    return (await this.api('GET', `/studies/${studyId}/sessions`)).json() as Promise<SessionsList>;
  }

  /** A session's export zip as the workspace downloads it (built from PostgreSQL). */
  async exportSession(studyId: string, sessionId: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.api('GET', `/studies/${studyId}/sessions/${sessionId}/export.zip`)).arrayBuffer());
  }

  /** What the server holds of a session, asked with its write token (as the browser could). */
  async manifest(upload: Pick<UploadRecord, 'sessionId' | 'token'>): Promise<{ status: number; body: SessionManifest | null }> {
    const res = await fetch(`${this.url}/api/sessions/${upload.sessionId}`, { headers: { authorization: `Bearer ${upload.token}` } });
    return { status: res.status, body: res.ok ? ((await res.json()) as SessionManifest) : null };
  }
}

function statOwner(path: string): { uid: number; gid: number } {
  const [uid, gid] = execFileSync('stat', ['-c', '%u %g', path], { encoding: 'utf8' }).trim().split(' ').map(Number);
  return { uid: uid!, gid: gid! };
}

/** The browser's server session: its upload record (token) in IndexedDB. */
export async function browserUpload(page: Page, participantId: string): Promise<UploadRecord> {
  const uploads = await readStore<UploadRecord>(page, 'uploads');
  const upload = uploads.find((u) => u.participantId === participantId);
  if (!upload) throw new Error(`no upload record of ${participantId} in IndexedDB (${uploads.length} others)`);
  return upload;
}

const sha256 = (events: readonly RecordedEvent[]) => createHash('sha256').update(JSON.stringify(events)).digest('hex');

/**
 * Counts, per (taskId, seq) and per event, that the server holds exactly the browser's chunks:
 * every key on both sides, the same events (hash of their JSON) and count, and no event twice.
 * Returns the totals for the test's message.
 */
export async function expectServerHoldsBrowserEvents(
  page: Page,
  server: StudyServer,
  upload: UploadRecord,
): Promise<{ chunks: number; events: number }> {
  const local = await readChunks(page, upload.sessionId);
  const { status, body } = await server.manifest(upload);
  expect(status).toBe(200);
  const held = new Map(body!.chunks.map((c) => [`${c.taskId}:${c.seq}`, c]));
  const lost: string[] = [];
  const differing: string[] = [];
  let events = 0;
  for (const c of local) {
    const key = `${c.taskId}:${c.seq}`;
    const s = held.get(key);
    events += c.events.length;
    if (!s) lost.push(key);
    else if (s.sha256 !== sha256(c.events) || s.events !== c.events.length) differing.push(key);
    held.delete(key);
  }
  expect(lost, 'chunks the browser recorded that the server lacks').toEqual([]);
  expect(differing, 'chunks whose events differ').toEqual([]);
  expect([...held.keys()], 'chunks only the server has').toEqual([]);
  expect(body!.chunks.reduce((n, c) => n + c.events, 0)).toBe(events);
  // No event twice: a replayed chunk under another seq would repeat every event of it.
  for (const taskId of new Set(local.map((c) => c.taskId))) {
    const all = local.filter((c) => c.taskId === taskId).flatMap((c) => c.events.map((e) => JSON.stringify(e)));
    expect(new Set(all).size, `events of screen ${taskId} recorded twice`).toBe(all.length);
  }
  return { chunks: local.length, events };
}
