// `npm run bench -- workspace`: the researcher workspace's two heavy paths against the real server
// in its own process, on a PostgreSQL filled here first (not timed):
//   1. each session's export part, made in the background when a session completes (here: by the
//      server's start-up catch-up, for all 87 at once): wall and CPU seconds;
//   2. the whole-study export of 87 synthetic RecGaze sessions (40 screens × 30 s at 30 Hz,
//      ≈ 3.1 M gaze samples) streamed from the database, joined from those parts: wall and CPU
//      seconds, zip size, the server's peak RSS (BENCH_COLD_EXPORT=1: also without parts);
//   3. the live sessions list of a study with 500 sessions: HTTP round trip and the SQL alone,
//      p50/p95 over repeated calls.
// The database is filled on the first run (a few minutes, not timed) in BENCH_DATA_DIR (default
// $TMPDIR/cgl-workspace-bench) and reused by later runs; BENCH_RESEED=1 fills it again.
// Ports: BENCH_SERVER_PORT (default 54331), BENCH_PG_PORT (default 54330).
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { quantile } from '../analysis/validation-metrics.ts';
import type { RecordedEvent } from '../core/events.ts';
import { DEFAULT_STUDY_SETTINGS } from '../core/protocol/lab.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { hashPassword } from '../server/lab/password.ts';
import { listStudySessions } from '../server/store/monitor.ts';
import { recordFigures } from '../server/store/record-figures.ts';
import { insertResearcher, researcherForLogin } from '../server/store/researchers.ts';
import { changeState, deleteStudy, insertStudy, publishDraft } from '../server/store/studies.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import { recordFor, threeScreenStudy } from '../server/testing/lab.ts';
import { startServerProcess } from '../server/testing/server-process.ts';
import { BENCH_CONFIG, benchSession } from './export-core.ts';

const PARTICIPANTS = Number(process.env.EXPORT_BENCH_PARTICIPANTS ?? 87);
const MONITOR_SESSIONS = 500;
const MONITOR_STUDY = 'monitor-bench';
const MONITOR_CALLS = 50;
const SERVER_PORT = Number(process.env.BENCH_SERVER_PORT ?? 54331);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54330);
const DATA_DIR = process.env.BENCH_DATA_DIR ?? join(tmpdir(), 'cgl-workspace-bench');
// As README recommends for a server on glibc: fewer malloc arenas for the export's threads.
const MALLOC_ARENA_MAX = process.env.MALLOC_ARENA_MAX ?? '2';
const CHUNK_MS = 500;
const OWNER = { email: 'bench@lab.test', password: 'bench password 123' };

/** A screen's events cut as the recorder cuts them: one chunk per 500 ms of screen time. */
function cut(events: readonly RecordedEvent[]): RecordedEvent[][] {
  const out: RecordedEvent[][] = [];
  let current: RecordedEvent[] = [];
  let end = CHUNK_MS;
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    while (e.t >= end) {
      if (current.length) out.push(current);
      current = [];
      end += CHUNK_MS;
    }
    current.push(e);
  }
  if (current.length) out.push(current);
  return out;
}

/** Returns the gaze samples stored. */
async function fillExportStudy(pool: pg.Pool): Promise<number> {
  let samples = 0;
  for (let p = 0; p < PARTICIPANTS; p++) {
    const { session, load } = benchSession(p);
    const id = randomUUID();
    const { config: _config, ...record } = session;
    await pool.query(
      `INSERT INTO sessions (id, token_sha256, study_id, participant_id, app_version, consented_at, config, study_version, link_kind,
                             recruitment, first_task, status, record, revision, screens_total)
       VALUES ($1, $2, $3, $4, 'bench', to_timestamp($5 / 1000.0), $6, 1, 'prolific', $7, $8, 'completed', $9, 1, $10)`,
      [
        id,
        createHash('sha256').update(id).digest(),
        BENCH_CONFIG.id,
        session.participantId,
        session.startedAt,
        BENCH_CONFIG,
        { kind: 'prolific', PROLIFIC_PID: session.participantId, STUDY_ID: 'bench', SESSION_ID: `s${p}` },
        session.firstTask,
        { ...record, id, studyVersion: 1 },
        BENCH_CONFIG.screens.length,
      ],
    );
    const rows: { taskId: number; seq: number; text: Buffer; events: RecordedEvent[] }[] = [];
    for (const [taskId, events] of load()) {
      for (const e of events) if (e.kind === 'gaze') samples++;
      cut(events).forEach((list, seq) => rows.push({ taskId, seq, text: Buffer.from(JSON.stringify(list)), events: list }));
    }
    for (let i = 0; i < rows.length; i += 400) {
      const batch = rows.slice(i, i + 400);
      const gz = batch.map((r) => gzipSync(r.text));
      await pool.query(
        `INSERT INTO chunks (session_id, task_id, seq, sha256, events, min_t, max_t, raw_bytes, gzip)
         SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bytea[], $5::int[], $6::float8[], $7::float8[], $8::int[], $9::bytea[])`,
        [
          id,
          batch.map((r) => r.taskId),
          batch.map((r) => r.seq),
          batch.map((r) => createHash('sha256').update(r.text).digest()),
          batch.map((r) => r.events.length),
          batch.map((r) => r.events[0]!.t),
          batch.map((r) => r.events.at(-1)!.t),
          batch.map((r) => r.text.length),
          gz,
        ],
      );
    }
    await pool.query(
      'UPDATE sessions SET chunk_count = $2, stored_bytes = (SELECT sum(octet_length(gzip)) FROM chunks WHERE session_id = $1) WHERE id = $1',
      [id, rows.length],
    );
  }
  return samples;
}

async function fillMonitorStudy(pool: pg.Pool, studyId: string): Promise<void> {
  const config = threeScreenStudy(studyId);
  for (let i = 0; i < MONITOR_SESSIONS; i += 100) {
    const ids = Array.from({ length: 100 }, () => randomUUID());
    const records = ids.map((_, k) =>
      recordFor([1, 31, 36].slice(0, (i + k) % 4), {
        validationPx: 60 + ((i + k) % 200),
        validationDeg: 1 + ((i + k) % 7),
        hz: 20 + ((i + k) % 11),
        lost: (i + k) % 30,
        samples: 900,
      }),
    );
    const figures = records.map(recordFigures);
    await pool.query(
      `INSERT INTO sessions (id, token_sha256, study_id, participant_id, app_version, consented_at, config, study_version, link_kind, first_task,
                             status, record, screens_done, screens_total, gaze_source, validation_px, validation_deg, gaze_hz, loss_pct, samples,
                             chunk_count, stored_bytes, last_task_id)
       SELECT u.id, sha256(convert_to(u.id::text, 'UTF8')), $2, u.pid, 'bench', now() - make_interval(mins => u.n), $3, 1, 'prolific',
              CASE WHEN u.n % 2 = 0 THEN 'Free_browsing' ELSE 'Semi_free_direct_search' END,
              CASE WHEN u.n % 3 = 0 THEN 'completed' ELSE 'active' END, u.rec, u.done, 3, 'webgazer', u.vpx, u.vdeg, u.hz, u.loss, 900,
              u.n % 90, u.n * 5000, 31
         FROM unnest($1::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::int[], $8::real[], $9::real[], $10::real[], $11::real[])
              AS u(id, pid, n, rec, done, vpx, vdeg, hz, loss)`,
      [
        ids,
        studyId,
        config,
        ids.map((_, k) => `PID${String(i + k).padStart(5, '0')}`),
        ids.map((_, k) => i + k),
        records,
        figures.map((f) => f.screensDone),
        figures.map((f) => f.validationPx),
        figures.map((f) => f.validationDeg),
        figures.map((f) => f.gazeHz),
        figures.map((f) => f.lossPct),
      ],
    );
  }
}

/** VmRSS and VmHWM (peak since the last reset) of a process, bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Resets a process's VmHWM to its current RSS (Linux: clear_refs 5), so the next peak is this run's. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const TICK = 100; // USER_HZ on Linux

/** CPU seconds of a process (all its threads); with `children`, also of its reaped children. */
function cpuOf(pid: number, children = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number) as [number, number, number, number];
  return (utime + stime + (children ? cutime + cstime : 0)) / TICK;
}

/** CPU seconds of PostgreSQL: the postmaster, its reaped backends, and those still running. */
function postgresCpu(postmaster: number): number {
  let total = cpuOf(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

interface Seeded {
  samples: number;
  chunks: number;
  gzipBytes: number;
  seconds: number | null;
}

/** The bench database: filled on the first run (minutes), reused after (BENCH_RESEED=1 fills it again). */
async function seed(pool: pg.Pool): Promise<Seeded> {
  await migrate(pool);
  await pool.query('CREATE TABLE IF NOT EXISTS bench_seed (name text PRIMARY KEY, participants int NOT NULL, samples bigint NOT NULL)');
  const marks = new Map(
    (await pool.query<{ name: string; participants: number; samples: string }>('SELECT * FROM bench_seed')).rows.map((r) => [r.name, r]),
  );
  const t0 = performance.now();
  let filled = false;
  const owner =
    (await researcherForLogin(pool, OWNER.email)) ??
    (await insertResearcher(pool, { ...OWNER, name: 'Bench', role: 'owner', passwordHash: await hashPassword(OWNER.password) }))!;
  const ensureStudy = async (config: StudyConfig) => {
    await pool.query('DELETE FROM bench_seed WHERE name = $1', [config.id]);
    await deleteStudy(pool, config.id).catch(() => undefined);
    await pool.query('DELETE FROM studies WHERE id = $1', [config.id]);
    await insertStudy(pool, owner, config, null);
    await publishDraft(pool, config.id, owner);
    await changeState(pool, config.id, 'open');
  };
  const reseed = process.env.BENCH_RESEED === '1';
  if (reseed || marks.get(BENCH_CONFIG.id)?.participants !== PARTICIPANTS) {
    console.log(`filling the bench database with ${PARTICIPANTS} synthetic RecGaze sessions (once; reused by later runs)…`);
    await ensureStudy(BENCH_CONFIG);
    const samples = await fillExportStudy(pool);
    await pool.query('INSERT INTO bench_seed VALUES ($1, $2, $3)', [BENCH_CONFIG.id, PARTICIPANTS, samples]);
    filled = true;
  }
  if (reseed || marks.get(MONITOR_STUDY)?.participants !== MONITOR_SESSIONS) {
    await ensureStudy(threeScreenStudy(MONITOR_STUDY));
    await fillMonitorStudy(pool, MONITOR_STUDY);
    await pool.query('INSERT INTO bench_seed VALUES ($1, $2, 0)', [MONITOR_STUDY, MONITOR_SESSIONS]);
    filled = true;
  }
  if (filled) await pool.query('VACUUM ANALYZE');
  const { rows } = await pool.query<{ samples: string; chunks: string; gzip: string }>(
    `SELECT (SELECT samples FROM bench_seed WHERE name = $1) AS samples, count(*) AS chunks, sum(octet_length(c.gzip)) AS gzip
       FROM chunks c JOIN sessions s ON s.id = c.session_id WHERE s.study_id = $1`,
    [BENCH_CONFIG.id],
  );
  return {
    samples: Number(rows[0]!.samples),
    chunks: Number(rows[0]!.chunks),
    gzipBytes: Number(rows[0]!.gzip),
    seconds: filled ? (performance.now() - t0) / 1000 : null,
  };
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export async function runWorkspaceBench(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o755 });
  chmodSync(DATA_DIR, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: join(DATA_DIR, 'data'), port: PG_PORT });
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => undefined); // an idle connection ended by PostgreSQL's shutdown
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    const seeded = await seed(pool);
    // Parts are made again every run, so their cost is measured too.
    await pool.query('DELETE FROM export_parts p USING sessions s WHERE s.id = p.session_id AND s.study_id = $1', [BENCH_CONFIG.id]);
    mkdirSync(join(DATA_DIR, 'dist'), { recursive: true });
    writeFileSync(join(DATA_DIR, 'dist', 'index.html'), '<!doctype html>');
    server = await startServerProcess({
      port: SERVER_PORT,
      env: { DATABASE_URL: db.url, DIST_DIR: join(DATA_DIR, 'dist'), LOG_LEVEL: 'warn', MALLOC_ARENA_MAX },
    });
    const login = await fetch(`${server.url}/api/lab/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(OWNER),
    });
    if (!login.ok) throw new Error(`login: HTTP ${login.status} ${await login.text()}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const postmaster = db.pid()!;
    const partsOf = async () =>
      Number(
        (
          await pool.query<{ n: string }>(
            'SELECT count(*) AS n FROM export_parts p JOIN sessions s ON s.id = p.session_id WHERE s.study_id = $1',
            [BENCH_CONFIG.id],
          )
        ).rows[0]!.n,
      );

    // 1. Each session's export part, made in the background as a session completes: here the
    // server's start-up catch-up makes all 87 (they were removed before it started).
    const loadBefore = loadAverage();
    const partCpu0 = cpuOf(server.pid);
    const partT0 = performance.now();
    while ((await partsOf()) < PARTICIPANTS) {
      if (performance.now() - partT0 > 30 * 60_000) throw new Error(`only ${await partsOf()} of ${PARTICIPANTS} parts after 30 min`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const partsS = (performance.now() - partT0) / 1000;
    const partsCpu = cpuOf(server.pid) - partCpu0;
    const partBytes = Number(
      (
        await pool.query<{ b: string }>(
          'SELECT sum(octet_length(p.data)) AS b FROM export_parts p JOIN sessions s ON s.id = p.session_id WHERE s.study_id = $1',
          [BENCH_CONFIG.id],
        )
      ).rows[0]!.b,
    );

    // 2. The export, read as a browser would download it: joined from the parts; with
    // BENCH_COLD_EXPORT=1 also once without them (the export makes every part itself).
    const measureExport = async (label: string) => {
      const before = memoryOf(server!.pid);
      const exactPeak = resetPeak(server!.pid);
      let sampledPeak = before.rss;
      const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryOf(server!.pid).rss)), 50);
      const cpu0 = cpuOf(server!.pid);
      const pgCpu0 = postgresCpu(postmaster);
      const t0 = performance.now();
      const res = await fetch(`${server!.url}/api/lab/studies/${BENCH_CONFIG.id}/export.zip?sessions=all`, { headers: { cookie } });
      if (!res.ok || !res.body) throw new Error(`export: HTTP ${res.status} ${await res.text()}`);
      let zipBytes = 0;
      let firstByteS: number | null = null;
      for await (const part of res.body) {
        firstByteS ??= (performance.now() - t0) / 1000;
        zipBytes += (part as Uint8Array).length;
      }
      const wall = (performance.now() - t0) / 1000;
      clearInterval(sampler);
      const cpu = cpuOf(server!.pid) - cpu0;
      const pgCpu = postgresCpu(postmaster) - pgCpu0;
      const after = memoryOf(server!.pid);
      const peak = exactPeak ? after.peak : sampledPeak;
      return `| ${label} | ${PARTICIPANTS} | ${seeded.samples.toLocaleString('en')} | ${seeded.chunks.toLocaleString('en')} (${mb(seeded.gzipBytes)}) | ${mb(zipBytes)} | ${(firstByteS ?? 0).toFixed(1)} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${pgCpu.toFixed(1)} | ${mb(before.rss)} / ${mb(peak)}${exactPeak ? '' : ' (sampled)'} / ${mb(after.rss)} |`;
    };
    const mb = (n: number) => (n / 1e6).toFixed(0);
    const exportRows = [await measureExport('HTTP download, parts ready')];
    const loadAfterExport = loadAverage();
    if (process.env.BENCH_COLD_EXPORT === '1') {
      await pool.query('DELETE FROM export_parts p USING sessions s WHERE s.id = p.session_id AND s.study_id = $1', [BENCH_CONFIG.id]);
      exportRows.push(await measureExport('HTTP download, no parts yet (the export makes them)'));
    }

    // 3. The live sessions list with 500 sessions: over HTTP as the page asks, and the query alone.
    const http: number[] = [];
    for (let i = 0; i < MONITOR_CALLS; i++) {
      const h0 = performance.now();
      const list = await fetch(`${server.url}/api/lab/studies/${MONITOR_STUDY}/sessions`, { headers: { cookie } });
      const body = (await list.json()) as { sessions: unknown[] };
      http.push(performance.now() - h0);
      if (body.sessions.length !== MONITOR_SESSIONS) throw new Error(`the list has ${body.sessions.length} sessions`);
    }
    const sql: number[] = [];
    for (let i = 0; i < MONITOR_CALLS; i++) {
      const q0 = performance.now();
      await listStudySessions(pool, MONITOR_STUDY, DEFAULT_STUDY_SETTINGS);
      sql.push(performance.now() - q0);
    }
    const ms = (values: number[], q: number) =>
      quantile(
        [...values].sort((a, b) => a - b),
        q,
      ).toFixed(1);

    console.log('\n## Workspace (the study server in its own process; embedded PostgreSQL)');
    console.log(
      seeded.seconds === null
        ? `bench database reused from ${DATA_DIR} (BENCH_RESEED=1 fills it again)`
        : `filled the bench database in ${DATA_DIR} in ${seeded.seconds.toFixed(0)} s (not timed below; later runs reuse it)`,
    );
    console.log(`load average (1/5/15 min): before the export ${loadBefore}; after it ${loadAfterExport}; at the end ${loadAverage()}`);
    console.log(
      `server started with MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX}; the export's heap cap follows its largest session (EXPORT_HEAP_MB caps it)`,
    );
    console.log(
      '| export parts made in the background (as sessions complete) | sessions | wall s | server CPU s | CPU s per session | stored MB |',
    );
    console.log('|---|---|---|---|---|---|');
    console.log(
      `| start-up catch-up, one thread | ${PARTICIPANTS} | ${partsS.toFixed(1)} | ${partsCpu.toFixed(1)} | ${(partsCpu / PARTICIPANTS).toFixed(2)} | ${mb(partBytes)} |`,
    );
    console.log(
      '| whole-study export from PostgreSQL | sessions | gaze samples | chunks (gzip MB) | zip MB | first byte s | wall s | server CPU s | PostgreSQL CPU s | server RSS before / peak / after MB |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const row of exportRows) console.log(row);
    console.log('goal: ≤ 15 s and ≤ 500 MB peak RSS on this machine');
    console.log(`| live sessions list, ${MONITOR_SESSIONS} sessions, ${MONITOR_CALLS} calls | p50 ms | p95 ms | max ms |`);
    console.log('|---|---|---|---|');
    console.log(`| HTTP (login cookie, JSON) | ${ms(http, 0.5)} | ${ms(http, 0.95)} | ${Math.max(...http).toFixed(1)} |`);
    console.log(`| SQL + figures (listStudySessions) | ${ms(sql, 0.5)} | ${ms(sql, 0.95)} | ${Math.max(...sql).toFixed(1)} |`);
    console.log('goal: ≤ 100 ms');
  } finally {
    await server?.stop();
    await pool.end();
    await db.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runWorkspaceBench();
