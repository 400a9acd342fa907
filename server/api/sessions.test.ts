import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, SessionManifest } from '../../core/protocol/messages.ts';
import { createTestApp, sessionRequest, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const update = (revision: number, record: Record<string, unknown> = { answers: { pre: { age: 30 } } }, step = 3) => ({
  revision,
  status: 'active',
  step,
  record,
});
async function rowCount(table: string, sessionId: string): Promise<number> {
  const column = table === 'sessions' ? 'id' : 'session_id';
  const { rows } = await t.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`, [sessionId]);
  return Number(rows[0]!.n);
}

describe('POST /api/sessions', () => {
  it('creates a session and returns its id and a write token that is stored only as a hash', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/sessions', payload: sessionRequest() });
    expect(res.statusCode).toBe(201);
    const { sessionId, token } = res.json<{ sessionId: string; token: string }>();
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await t.pool.query('SELECT * FROM sessions WHERE id = $1', [sessionId]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(token);
    expect(rows[0].study_id).toBe('recgaze');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a bad request naming the field, and stores nothing', async () => {
    const before = (await t.pool.query('SELECT count(*) FROM sessions')).rows[0].count;
    const cases: [unknown, number, string, RegExp][] = [
      [{ ...sessionRequest(), participantId: 'has space' }, 422, 'participantId', /letters, digits/],
      [{ ...sessionRequest(), studyId: undefined }, 422, 'studyId', /is missing/],
      [{ ...sessionRequest(), extra: 1 }, 422, 'extra', /not a known field/],
      [{ ...sessionRequest(), config: { a: [1, { b: '' }], deep: nest(40) } }, 422, 'config', /nested deeper than 32/],
    ];
    for (const [payload, status, field, problem] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/sessions', payload: payload as object });
      expect(res.statusCode, field).toBe(status);
      const { error } = res.json<ErrorBody>();
      expect(error.field).toBe(field);
      expect(error.problem).toMatch(problem);
      expect(error.message).toBe(`${error.field}: ${error.problem}`);
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { 'content-type': 'application/json' },
      payload: '{"studyId": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error).toMatchObject({ field: 'body', problem: expect.stringMatching(/^is not valid JSON/) });
    expect((await t.pool.query('SELECT count(*) FROM sessions')).rows[0].count).toBe(before);
  });

  it('accepts a gzip-compressed body and refuses one that decompresses beyond the limit', async () => {
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify(sessionRequest({ participantId: 'gz' }))),
    });
    expect(ok.statusCode).toBe(201);
    const bomb = gzipSync(Buffer.alloc(9 * 1024 * 1024, 32)); // 9 MB of spaces in ~9 KB
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: bomb,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().error).toMatchObject({ field: 'body', problem: expect.stringContaining('once decompressed') });
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...sessionRequest(), config: { blob: 'x'.repeat(5 * 1024 * 1024) } }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json<ErrorBody>().error.field).toBe('body');
  });
});

function nest(depth: number): unknown {
  return depth === 0 ? 1 : { n: nest(depth - 1) };
}

describe('authorization', () => {
  it('refuses a missing, malformed or foreign token and an unknown session', async () => {
    const a = await t.createSession();
    const b = await t.createSession();
    const put = (id: string, headers: Record<string, string>) =>
      t.app.inject({ method: 'PUT', url: `/api/sessions/${id}`, headers, payload: update(1) });
    const missing = await put(a.sessionId, {});
    expect(missing.statusCode).toBe(401);
    expect(missing.json<ErrorBody>().error).toMatchObject({ field: 'authorization', problem: expect.stringContaining('missing') });
    expect((await put(a.sessionId, { authorization: `Basic ${a.token}` })).statusCode).toBe(401);
    expect((await put(a.sessionId, bearer('short'))).statusCode).toBe(401);
    const foreign = await put(a.sessionId, bearer(b.token));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json<ErrorBody>().error).toMatchObject({
      field: 'authorization',
      problem: 'the write token does not belong to this session',
    });
    const unknown = await put('00000000-0000-4000-8000-000000000000', bearer(a.token));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorBody>().error.field).toBe('session');
    expect((await put('not-a-uuid', bearer(a.token))).statusCode).toBe(404);
    const { rows } = await t.pool.query('SELECT revision FROM sessions WHERE id = $1', [a.sessionId]);
    expect(rows[0].revision).toBe(0);
  });
});

describe('PUT /api/sessions/:id', () => {
  it('applies higher revisions, ignores repeats and older ones, and refuses a changed record at the same revision', async () => {
    const s = await t.createSession();
    const put = (body: object) =>
      t.app.inject({ method: 'PUT', url: `/api/sessions/${s.sessionId}`, headers: bearer(s.token), payload: body });
    expect((await put(update(1))).json()).toEqual({ revision: 1, applied: true });
    expect((await put(update(1))).json()).toEqual({ revision: 1, applied: false });
    expect((await put(update(3, { answers: { post: 'x' } }, 7))).json()).toEqual({ revision: 3, applied: true });
    expect((await put(update(2, { stale: true }))).json()).toEqual({ revision: 3, applied: false });
    const conflict = await put(update(3, { answers: { post: 'changed' } }));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json<ErrorBody>().error.field).toBe('revision');
    const { rows } = await t.pool.query('SELECT revision, step, status, record FROM sessions WHERE id = $1', [s.sessionId]);
    expect(rows[0]).toEqual({ revision: 3, step: 7, status: 'active', record: { answers: { post: 'x' } } });
    const manifest = await t.app.inject({ method: 'GET', url: `/api/sessions/${s.sessionId}`, headers: bearer(s.token) });
    expect(manifest.json<SessionManifest>()).toMatchObject({ revision: 3, step: 7, status: 'active', chunks: [] });
  });

  it('refuses a record with non-finite numbers or an unknown status, naming the field', async () => {
    const s = await t.createSession();
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/sessions/${s.sessionId}`,
      headers: bearer(s.token),
      payload: { ...update(1), status: 'done' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json<ErrorBody>().error).toMatchObject({ field: 'status', problem: 'must be one of active, completed' });
  });
});

describe('DELETE /api/sessions/:id (withdrawal)', () => {
  it('deletes the session and its chunks, keeps only a withdrawal count, and refuses later writes', async () => {
    const s = await t.createSession({ studyId: 'withdraw-study' });
    await t.pool.query(
      `INSERT INTO chunks (session_id, task_id, seq, sha256, events, min_t, max_t, raw_bytes, gzip) VALUES ($1, 1, 0, '\\x00', 1, 0, 0, 1, '\\x00')`,
      [s.sessionId],
    );
    const res = await t.app.inject({ method: 'DELETE', url: `/api/sessions/${s.sessionId}`, headers: bearer(s.token) });
    expect(res.statusCode).toBe(204);
    expect(await rowCount('sessions', s.sessionId)).toBe(0);
    expect(await rowCount('chunks', s.sessionId)).toBe(0);
    const { rows } = await t.pool.query("SELECT count FROM withdrawals WHERE study_id = 'withdraw-study'");
    expect(rows).toEqual([{ count: 1 }]);
    const again = await t.app.inject({ method: 'PUT', url: `/api/sessions/${s.sessionId}`, headers: bearer(s.token), payload: update(1) });
    expect(again.statusCode).toBe(404);
    const twice = await t.app.inject({ method: 'DELETE', url: `/api/sessions/${s.sessionId}`, headers: bearer(s.token) });
    expect(twice.statusCode).toBe(404);
    expect((await t.pool.query("SELECT count FROM withdrawals WHERE study_id = 'withdraw-study'")).rows).toEqual([{ count: 1 }]);
  });
});
