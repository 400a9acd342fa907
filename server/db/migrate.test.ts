import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createLogger } from '../log.ts';
import { createTestDatabase } from '../testing/test-database.ts';
import { loadMigrations, migrate } from './migrate.ts';

describe('migrate()', () => {
  it('applies every migration to an empty database once', async () => {
    const db = await createTestDatabase({ upTo: 0 });
    try {
      const all = loadMigrations().map((m) => m.version);
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(await migrate(db.pool)).toEqual(all);
      expect(await migrate(db.pool)).toEqual([]);
      const { rows } = await db.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(all);
    } finally {
      await db.drop();
    }
  });

  it('upgrades a database made by the first schema, keeping its sessions and chunks', async () => {
    const db = await createTestDatabase({ upTo: 1 });
    try {
      // Data as the first schema's server wrote it.
      const id = '11111111-1111-4111-8111-111111111111';
      const token = 'A'.repeat(43);
      const { createHash } = await import('node:crypto');
      await db.pool.query(
        `INSERT INTO sessions (id, token_sha256, study_id, participant_id, app_version, consented_at, config)
         VALUES ($1, $2, 'old-study', 'P1', '0.0.1', now(), '{}')`,
        [id, createHash('sha256').update(token).digest()],
      );
      await db.pool.query(
        `INSERT INTO chunks (session_id, task_id, seq, sha256, events, min_t, max_t, raw_bytes, gzip) VALUES ($1, 1, 0, '\\x01', 3, 0, 20, 10, '\\x02')`,
        [id],
      );
      await expect(db.pool.query('SELECT * FROM withdrawals')).rejects.toThrow(/does not exist/);

      expect(await migrate(db.pool)).toEqual(
        loadMigrations()
          .map((m) => m.version)
          .slice(1),
      );
      const chunks = await db.pool.query('SELECT task_id, seq, events FROM chunks WHERE session_id = $1', [id]);
      expect(chunks.rows).toEqual([{ task_id: 1, seq: 0, events: 3 }]);

      // The upgraded database works with today's server: the old session can withdraw.
      const { app, close } = await buildApp({
        pool: db.pool,
        databaseUrl: db.url,
        database: 'external',
        appVersion: 't',
        frontend: { kind: 'none' },
        logger: createLogger('silent'),
      });
      const res = await app.inject({ method: 'DELETE', url: `/api/sessions/${id}`, headers: { authorization: `Bearer ${token}` } });
      await close();
      expect(res.statusCode).toBe(204);
      expect((await db.pool.query('SELECT count(*)::int AS n FROM chunks')).rows[0].n).toBe(0);
      expect((await db.pool.query('SELECT study_id, count FROM withdrawals')).rows).toEqual([{ study_id: 'old-study', count: 1 }]);
    } finally {
      await db.drop();
    }
  });

  it('refuses a database from a newer server and an edited migration, saying what to do', async () => {
    const db = await createTestDatabase();
    try {
      await db.pool.query("INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'future', 'x')");
      await expect(migrate(db.pool)).rejects.toThrow(
        /schema version 999 \(future\) but this server only knows up to \d+: run a newer server/,
      );
      await db.pool.query('DELETE FROM schema_migrations WHERE version = 999');
      const dir = mkdtempSync(join(tmpdir(), 'cgl-migrations-'));
      for (const m of loadMigrations())
        writeFileSync(join(dir, `${String(m.version).padStart(3, '0')}_${m.name}.sql`), m.version === 1 ? `${m.sql}\n-- edited` : m.sql);
      const edited = loadMigrations(pathToFileURL(dir + '/'));
      rmSync(dir, { recursive: true, force: true });
      await expect(migrate(db.pool, { migrations: edited })).rejects.toThrow(
        /001_sessions_and_chunks\.sql was changed after it was applied/,
      );
    } finally {
      await db.drop();
    }
  });
});
