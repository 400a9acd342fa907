// `npm run load` (a benchmark, not a test): simulated participants on loopback against the study
// server in its own process (embedded PostgreSQL, fsync on), at the app's real cadence: a chunk
// every 500 ms while a screen records (12 s screens, 1 s between them: every participant is
// always on a carousel screen, the worst case), an upload every 3 s and at each screen end.
// Prints sustained participants, requests/s, latency, server and PostgreSQL CPU, RSS, database
// bytes per session, the catch-up after an outage, and counts lost and extra chunks.
//
//   npm run load -- --participants 500 --ramp 30 --hold 60 --outage 60 --sessions 10
//   (ports: LOAD_PORT, default 4474; LOAD_PG_PORT, default 4478)
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import pg from 'pg';
import { quantile } from '../analysis/validation-metrics.ts';
import { startServerProcess, stopLeftoverPostgres, type ServerProcess } from '../server/testing/server-process.ts';
import { screenStream } from '../server/testing/participant-stream.ts';
import { MemoryOutbox } from '../src/sync/outbox.ts';
import { StudyApi } from '../src/sync/study-api.ts';
import { Uploader } from '../src/sync/uploader.ts';
import { CpuWindow } from './load/process-meter.ts';
import { compare, nodeEncode, SCREEN_MS, SimulatedParticipant, sleep } from './load/simulated-participant.ts';

const args = new Map<string, number>();
for (let i = 2; i < process.argv.length; i += 2) {
  const name = process.argv[i]!.replace(/^--/, '');
  const value = Number(process.argv[i + 1]);
  if (!['participants', 'ramp', 'hold', 'outage', 'sessions'].includes(name) || !Number.isFinite(value) || value < 0) {
    console.error(
      `unknown or bad option ${process.argv[i]} ${process.argv[i + 1] ?? ''}: use --participants N --ramp S --hold S --outage S --sessions N`,
    );
    process.exit(2);
  }
  args.set(name, value);
}
const PARTICIPANTS = args.get('participants') ?? 500;
const RAMP_S = args.get('ramp') ?? 30;
const HOLD_S = args.get('hold') ?? 60;
const OUTAGE_S = args.get('outage') ?? 60;
const FULL_SESSIONS = args.get('sessions') ?? 10;
const PORT = Number(process.env.LOAD_PORT ?? 4474);
const PG_PORT = Number(process.env.LOAD_PG_PORT ?? 4478);
const SCREENS_PER_SESSION = 41;

interface Sample {
  at: number;
  ms: number;
  /** The server's own handling time (its Server-Timing header). */
  serverMs: number;
  status: number;
  kind: string;
}
const samples: Sample[] = [];
const timedFetch: typeof fetch = async (input, init) => {
  const at = performance.now();
  const url = String(input);
  const kind = url.endsWith('/chunks') ? 'chunks' : init?.method === 'PUT' ? 'session' : init?.method === 'POST' ? 'create' : 'other';
  try {
    const res = await fetch(input, init);
    const serverMs = Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
    samples.push({ at, ms: performance.now() - at, serverMs, status: res.status, kind });
    return res;
  } catch (error) {
    samples.push({ at, ms: performance.now() - at, serverMs: NaN, status: 0, kind });
    throw error;
  }
};

function latency(from: number, to: number) {
  const window = samples.filter((s) => s.at >= from && s.at < to);
  const good = window.filter((s) => s.status >= 200 && s.status < 300);
  const ok = good.map((s) => s.ms).sort((a, b) => a - b);
  const inServer = good
    .map((s) => s.serverMs)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const q = (values: number[], p: number) => (values.length ? quantile(values, p).toFixed(1) : '–');
  return {
    requests: window.length,
    perSecond: window.length / ((to - from) / 1000),
    p50: q(ok, 0.5),
    p99: q(ok, 0.99),
    max: ok.length ? ok.at(-1)!.toFixed(0) : '–',
    serverP50: q(inServer, 0.5),
    serverP99: q(inServer, 0.99),
    failed: window.length - good.length,
  };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
const dir = mkdtempSync(join(tmpdir(), 'cgl-load-'));
chmodSync(dir, 0o755);
mkdirSync(join(dir, 'dist'));
writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html>');
const env = { DATA_DIR: join(dir, 'data'), PG_PORT: String(PG_PORT), DIST_DIR: join(dir, 'dist'), LOG_LEVEL: 'warn' };
let server: ServerProcess = await startServerProcess({ port: PORT, env });
const dbUrl = `postgres://lab:${encodeURIComponent(readFileSync(join(dir, 'data', 'pg-password'), 'utf8').trim())}@localhost:${PG_PORT}/lab`;
const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
const api = new StudyApi({ baseUrl: server.url, fetch: timedFetch });
console.log(`load: server pid ${server.pid} on ${server.url}, ${PARTICIPANTS} participants, load average ${loadavg()[0]!.toFixed(2)}`);

// 1. Database bytes per session: whole 41-screen sessions sent as a backlog (time-compressed:
//    the bytes do not depend on the timing).
const tableBytes = async () =>
  Number((await db.query<{ n: string }>("SELECT pg_total_relation_size('chunks') + pg_total_relation_size('sessions') AS n")).rows[0]!.n);
const bytesBefore = await tableBytes();
let rawPerSession = 0;
let gzipPerSession = 0;
const fullStarted = performance.now();
for (let s = 0; s < FULL_SESSIONS; s++) {
  const created = await api.createSession({
    studyId: 'recgaze',
    participantId: `full_${s}`,
    consentedAt: Date.now(),
    appVersion: 'load',
    config: { id: 'recgaze' },
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const outbox = new MemoryOutbox();
  for (let taskId = 1; taskId <= SCREENS_PER_SESSION; taskId++) {
    for (const c of screenStream(taskId, SCREEN_MS, 1000 + s).chunks) {
      outbox.add(c);
      const encoded = await nodeEncode(c.taskId, c.seq, c.events);
      rawPerSession += encoded.rawBytes / FULL_SESSIONS;
      gzipPerSession += encoded.gzip.length / FULL_SESSIONS;
    }
  }
  outbox.setSession({ status: 'completed', step: 130, record: { screens: SCREENS_PER_SESSION } });
  const uploader = new Uploader({ api, session: created.value, outbox, encode: nodeEncode });
  uploader.start();
  await uploader.flush();
  await uploader.stop();
}
await db.query('VACUUM ANALYZE chunks');
const dbPerSession = ((await tableBytes()) - bytesBefore) / FULL_SESSIONS;
console.log(
  `\nper ${SCREENS_PER_SESSION}-screen session (${SCREEN_MS / 1000} s screens): ${mb(rawPerSession)} MB of events, ` +
    `${mb(gzipPerSession)} MB compressed, ${mb(dbPerSession)} MB in the database ` +
    `(${FULL_SESSIONS} sessions as backlogs in ${((performance.now() - fullStarted) / 1000).toFixed(1)} s)`,
);

// 2. Sustained load: participants join over the ramp, then all record for the hold.
samples.length = 0;
const participants = Array.from({ length: PARTICIPANTS }, (_, i) => new SimulatedParticipant(i, api));
const serverCpu = new CpuWindow(() => server.pid);
const pgCpu = new CpuWindow(() => postmasterPid(), true);
const rampStarted = performance.now();
for (const [i, p] of participants.entries()) {
  await sleep(rampStarted + (i * RAMP_S * 1000) / PARTICIPANTS - performance.now());
  p.start();
}
await sleep(3000); // the last ones to join have made their first upload
const holdFrom = performance.now();
serverCpu.mark();
pgCpu.mark();
const clientCpu0 = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
await sleep(HOLD_S * 1000);
const holdTo = performance.now();
loopDelay.disable();
const serverUse = serverCpu.read();
const pgUse = pgCpu.read();
const clientCpu = process.cpuUsage(clientCpu0);
const clientPercent = (100 * (clientCpu.user + clientCpu.system)) / 1000 / (holdTo - holdFrom);
const hold = latency(holdFrom, holdTo);
console.log(
  `\nsustained: ${PARTICIPANTS} participants recording for ${HOLD_S} s: ${hold.requests} requests (${hold.perSecond.toFixed(1)}/s), ` +
    `latency p50 ${hold.p50} ms, p99 ${hold.p99} ms, max ${hold.max} ms (in the server: p50 ${hold.serverP50}, p99 ${hold.serverP99} ms), ${hold.failed} not 2xx; ` +
    `server CPU ${serverUse.cpuPercent.toFixed(0)} % of a core, RSS ≤ ${serverUse.peakRssMb.toFixed(0)} MB; PostgreSQL CPU ${pgUse.cpuPercent.toFixed(0)} %; ` +
    `load average ${loadavg()[0]!.toFixed(2)}`,
);
const byKind = ['chunks', 'session', 'create'].map((k) => {
  const ms = samples.filter((s) => s.kind === k && s.at >= holdFrom && s.at < holdTo && s.status === 200).map((s) => s.ms);
  ms.sort((a, b) => a - b);
  return `${k} ${ms.length} (p99 ${ms.length ? quantile(ms, 0.99).toFixed(1) : '–'} ms)`;
});
console.log(`  by request: ${byKind.join(', ')}`);
console.log(
  `  this load client (all participants): CPU ${clientPercent.toFixed(0)} % of a core, event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms ` +
    '(client-side latencies include it)',
);

// 3. Outage: the server is killed (SIGKILL) for OUTAGE_S while everyone keeps recording.
if (OUTAGE_S > 0) {
  await server.kill();
  const downAt = performance.now();
  await sleep(OUTAGE_S * 1000);
  const backlog = participants.map((p) => p.produced.length);
  server = await startServerProcess({ port: PORT, env });
  const upAt = performance.now();
  serverCpu.mark();
  pgCpu.mark();
  const catchUpCpu0 = process.cpuUsage();
  // Caught up when every chunk recorded before the restart is acknowledged.
  for (;;) {
    const counts = await Promise.all(participants.map((p) => p.outbox.counts()));
    if (counts.every((c, i) => c.acknowledged >= backlog[i]!)) break;
    if (performance.now() - upAt > 300_000) throw new Error('no catch-up within 300 s');
    await sleep(200);
  }
  const caughtUp = performance.now();
  const during = latency(upAt, caughtUp);
  const serverBusy = serverCpu.read();
  const pgBusy = pgCpu.read();
  const shed = samples.filter((s) => s.at >= upAt && s.at < caughtUp && s.status === 503).length;
  const catchUpCpu = process.cpuUsage(catchUpCpu0);
  const catchUpClient = (100 * (catchUpCpu.user + catchUpCpu.system)) / 1000 / (caughtUp - upAt);
  console.log(
    `\noutage: server killed for ${((upAt - downAt) / 1000).toFixed(1)} s (restart included); ` +
      `${backlog.reduce((n, b) => n + b, 0)} chunks recorded before the restart; caught up ${((caughtUp - upAt) / 1000).toFixed(1)} s after it answered ` +
      `(${during.requests} requests, ${shed} of them told to come back (503), accepted ones p50 ${during.p50} ms, p99 ${during.p99} ms, ` +
      `max ${during.max} ms (in the server p50 ${during.serverP50}, p99 ${during.serverP99} ms); server CPU ${serverBusy.cpuPercent.toFixed(0)} %, ` +
      `PostgreSQL ${pgBusy.cpuPercent.toFixed(0)} %, this client ${catchUpClient.toFixed(0)} %; load average ${loadavg()[0]!.toFixed(2)})`,
  );
}

// 4. Everyone stops, the uploaders drain, and the server's manifests are counted against what was recorded.
await Promise.all(participants.map((p) => p.stopRecording()));
await Promise.all(participants.map((p) => p.uploader?.flush().catch((e: Error) => console.error(`participant ${p.id}: ${e.message}`))));
await Promise.all(participants.map((p) => p.uploader?.stop()));
const verify = new StudyApi({ baseUrl: server.url });
let lost = 0;
let extra = 0;
let recorded = 0;
let held = 0;
let chunks = 0;
for (const p of participants) {
  if (!p.session) continue;
  const manifest = await verify.manifest(p.session);
  if (!manifest.ok) throw new Error(`manifest of participant ${p.id}: ${JSON.stringify(manifest)}`);
  const c = compare(p.produced, manifest.value.chunks);
  lost += c.lost;
  extra += c.extra;
  recorded += c.eventsRecorded;
  held += c.eventsHeld;
  chunks += p.produced.length;
}
console.log(`\ncounted: ${chunks} chunks / ${recorded} events recorded, ${held} events held; lost ${lost} chunks, extra ${extra} chunks`);

await db.end();
await server.stop();
await stopLeftoverPostgres(join(dir, 'data'));
rmSync(dir, { recursive: true, force: true });
if (lost || extra || recorded !== held) process.exitCode = 1;

function postmasterPid(): number | undefined {
  try {
    return Number(readFileSync(join(dir, 'data', 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}
