import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

// Versioned SQL migrations, applied in order at start, each in its own transaction and recorded
// in schema_migrations. An advisory lock keeps two server instances from migrating at once.

export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
const LOCK_KEY = 0x6367_6c01; // "cgl" + 1: any constant unique to this app
const MIN_POSTGRES = 150000;

export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^(\d+)_([\w-]+)\.sql$/.exec(file);
    if (!match) continue;
    const sql = readFileSync(new URL(file, dir), 'utf8');
    out.push({ version: Number(match[1]), name: match[2]!, file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.file}: versions must run 1, 2, 3… without gaps`);
  });
  return out;
}

/** Applies the migrations the database lacks (up to `upTo`); returns the versions applied. */
export async function migrate(pool: pg.Pool, options: { upTo?: number; migrations?: Migration[] } = {}): Promise<number[]> {
  const migrations = (options.migrations ?? loadMigrations()).filter((m) => m.version <= (options.upTo ?? Infinity));
  const client = await pool.connect();
  try {
    const { rows: about } = await client.query<{ num: number; version: string }>(
      "SELECT current_setting('server_version_num')::int AS num, current_setting('server_version') AS version",
    );
    if (about[0]!.num < MIN_POSTGRES) throw new Error(`PostgreSQL 15 or newer is needed; this database runs ${about[0]!.version}`);
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations',
    );
    const known = options.migrations ?? loadMigrations();
    for (const row of rows) {
      const m = known.find((k) => k.version === row.version);
      if (!m) {
        throw new Error(
          `the database has schema version ${row.version} (${row.name}) but this server only knows up to ${known.length}: run a newer server`,
        );
      }
      if (m.checksum !== row.checksum) throw new Error(`migration ${m.file} was changed after it was applied; add a new migration instead`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (rows.some((r) => r.version === m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
