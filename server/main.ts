import { readFileSync } from 'node:fs';
import pg from 'pg';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { ensureOwner } from './lab/owner.ts';
import { createLogger } from './log.ts';
import { sweepRetention } from './store/retention.ts';

// `npm start` (--dev: Vite with hot reload) and `npm run serve` (the built app): one origin for
// the app and /api, PostgreSQL embedded in ./data unless DATABASE_URL names another one.

const config = (() => {
  try {
    return readConfig(process.env, process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
})();
const log = createLogger(config.logLevel);
const appVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let embedded: EmbeddedDatabase | undefined;
let url = config.databaseUrl;
if (!url) {
  const pgLog = log.child({ component: 'postgres' });
  embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: (line) => pgLog.debug(line) });
  url = embedded.url;
}
const pool = new pg.Pool({ connectionString: url, max: config.poolSize });
// An idle client's connection dropping (PostgreSQL restarting) must not end the server.
pool.on('error', (error) => log.warn({ err: error.message }, 'database connection lost'));
const applied = await migrate(pool);
if (applied.length) log.info({ applied }, 'database migrations applied');
// Printed to stdout, not the JSON log: the generated password is shown once, to whoever started the server.
await ensureOwner(pool, { email: config.ownerEmail, password: config.ownerPassword }, (line) => console.log(line));

const sweep = () =>
  sweepRetention(pool).then(
    (n) => n && log.info({ sessions: n }, 'retention: expired sessions deleted'),
    (e: unknown) => log.error({ err: String(e) }, 'retention sweep failed'),
  );
await sweep();
const sweeper = setInterval(() => void sweep(), 3600_000);
sweeper.unref();

const { app, ctx, close } = await buildApp({
  pool,
  databaseUrl: url,
  exportHeapMb: config.exportHeapMb,
  ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}),
  database: embedded ? 'embedded' : 'external',
  appVersion,
  frontend: config.mode === 'development' ? { kind: 'vite' } : { kind: 'static', distDir: config.distDir },
  logger: log,
  rates: config.rates,
  maxInFlight: config.maxInFlight,
});
await app.listen({ host: config.host, port: config.port });
const where = embedded ? `embedded PostgreSQL in ${config.dataDir} (port ${config.embeddedPgPort})` : 'PostgreSQL at DATABASE_URL';
log.info(`Carousel Gaze Lab (${config.mode}) on http://${config.host}:${config.port}/ — data: ${where}`);
// Completed sessions without an export part (first start after an upgrade, or a part format change) get theirs in the background.
void ctx.parts.enqueueMissing(pool).then(
  (n) => n && log.info({ sessions: n }, 'export parts: making the missing ones in the background'),
  (e: unknown) => log.error({ err: String(e) }, 'export parts: could not list the missing ones'),
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(sweeper);
  log.info({ signal }, 'stopping');
  await close().catch((e: unknown) => log.error({ err: String(e) }, 'closing HTTP'));
  await pool.end().catch(() => undefined);
  await embedded?.stop().catch((e: unknown) => log.error({ err: String(e) }, 'stopping PostgreSQL'));
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
