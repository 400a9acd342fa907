import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { loadMigrations, migrate } from './db/migrate.ts';
import { createLogger } from './log.ts';
import { batchBody, batchHeaders, cursorRun, encodeChunks } from './testing/batches.ts';
import { sessionRequest } from './testing/test-app.ts';

// A smoke test of an external PostgreSQL (≥ 15), run only when DATABASE_URL names one. It works in
// a schema of its own and drops it afterwards.
const url = process.env.DATABASE_URL;

describe.skipIf(!url)('an external PostgreSQL at DATABASE_URL', () => {
  it('migrates, stores a session with chunks, and withdraws it', async () => {
    const schema = `cgl_smoke_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
    try {
      expect(await migrate(pool)).toEqual(loadMigrations().map((m) => m.version));
      const { app, close } = await buildApp({
        pool,
        databaseUrl: url!,
        database: 'external',
        appVersion: 't',
        frontend: { kind: 'none' },
        logger: createLogger('silent'),
      });
      const created = await app.inject({ method: 'POST', url: '/api/sessions', payload: sessionRequest() });
      const { sessionId, token } = created.json<{ sessionId: string; token: string }>();
      const encoded = await encodeChunks([0, 1, 2].map((seq) => ({ taskId: 1, seq, events: cursorRun(seq * 1000, 20) })));
      const res = await app.inject({
        method: 'POST',
        url: `/api/sessions/${sessionId}/chunks`,
        headers: batchHeaders(token),
        payload: batchBody(encoded),
      });
      expect(res.statusCode).toBe(200);
      expect((await pool.query('SELECT sum(events)::int AS n FROM chunks')).rows[0].n).toBe(60);
      const gone = await app.inject({ method: 'DELETE', url: `/api/sessions/${sessionId}`, headers: { authorization: `Bearer ${token}` } });
      expect(gone.statusCode).toBe(204);
      expect((await pool.query('SELECT count(*)::int AS n FROM chunks')).rows[0].n).toBe(0);
      await close();
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
