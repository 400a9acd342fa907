import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBatch } from '../../core/protocol/batch-frame.ts';
import { LIMITS } from '../../core/protocol/limits.ts';
import type { ChunkBatchResponse, ErrorBody } from '../../core/protocol/messages.ts';
import { batchBody, batchHeaders, cursor, cursorRun, encodeChunks } from '../testing/batches.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function post(
  session: { sessionId: string; token: string },
  body: Buffer,
  headers: Record<string, string> = batchHeaders(session.token),
) {
  return t.app.inject({ method: 'POST', url: `/api/sessions/${session.sessionId}/chunks`, headers, payload: body });
}

async function stored(sessionId: string): Promise<{ task_id: number; seq: number; events: number }[]> {
  const { rows } = await t.pool.query('SELECT task_id, seq, events FROM chunks WHERE session_id = $1 ORDER BY task_id, seq', [sessionId]);
  return rows;
}

describe('POST /api/sessions/:id/chunks', () => {
  it('stores a batch as compressed blobs, one row per chunk, and says so per chunk', async () => {
    const s = await t.createSession();
    const chunks = [
      { taskId: 1, seq: 0, events: cursorRun(0, 30) },
      { taskId: 1, seq: 1, events: cursorRun(300, 30) },
      { taskId: 2, seq: 0, events: cursorRun(0, 5) },
    ];
    const encoded = await encodeChunks(chunks);
    const res = await post(s, batchBody(encoded));
    expect(res.statusCode).toBe(200);
    expect(res.json<ChunkBatchResponse>().results).toEqual([
      { taskId: 1, seq: 0, outcome: 'stored' },
      { taskId: 1, seq: 1, outcome: 'stored' },
      { taskId: 2, seq: 0, outcome: 'stored' },
    ]);
    expect(await stored(s.sessionId)).toEqual([
      { task_id: 1, seq: 0, events: 30 },
      { task_id: 1, seq: 1, events: 30 },
      { task_id: 2, seq: 0, events: 5 },
    ]);
    const { rows } = await t.pool.query<{ gzip: Buffer }>('SELECT gzip FROM chunks WHERE session_id = $1 AND task_id = 1 AND seq = 1', [
      s.sessionId,
    ]);
    expect(Buffer.from(rows[0]!.gzip)).toEqual(Buffer.from(encoded[1]!.gzip));
    const session = await t.pool.query('SELECT chunk_count, stored_bytes FROM sessions WHERE id = $1', [s.sessionId]);
    expect(session.rows[0]).toEqual({ chunk_count: 3, stored_bytes: String(encoded.reduce((n, e) => n + e.gzip.length, 0)) });
  });

  it('treats a repeated delivery as a no-op and accepts seqs out of order', async () => {
    const s = await t.createSession();
    const [c0, c1, c2] = await encodeChunks([0, 1, 2].map((seq) => ({ taskId: 5, seq, events: cursorRun(seq * 1000, 10) })));
    expect((await post(s, batchBody([c2!]))).statusCode).toBe(200);
    expect((await post(s, batchBody([c0!]))).statusCode).toBe(200);
    const again = await post(s, batchBody([c0!, c1!, c2!, c1!]));
    expect(again.statusCode).toBe(200);
    expect(again.json<ChunkBatchResponse>().results.map((r) => r.outcome)).toEqual(['duplicate', 'stored', 'duplicate', 'duplicate']);
    expect((await stored(s.sessionId)).map((r) => r.seq)).toEqual([0, 1, 2]);
  });

  it('refuses a changed chunk under a stored key with 409, stores nothing of that batch, and logs it', async () => {
    const s = await t.createSession();
    const [original] = await encodeChunks([{ taskId: 1, seq: 0, events: cursorRun(0, 10) }]);
    await post(s, batchBody([original!]));
    const changed = await encodeChunks([
      { taskId: 1, seq: 1, events: cursorRun(100, 10) },
      { taskId: 1, seq: 0, events: cursorRun(0, 11) },
    ]);
    const res = await post(s, batchBody(changed));
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().error).toMatchObject({
      field: 'chunks[1]',
      problem: 'differs from the chunk already stored as taskId 1 seq 0',
      chunk: { taskId: 1, seq: 0 },
    });
    expect((await stored(s.sessionId)).map((r) => r.seq)).toEqual([0]);
    const line = t.logs.find((l) => l.includes('chunk conflict'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ session: s.sessionId, taskId: 1, seq: 0, offered: changed[1]!.header.sha256 });
  });

  it('refuses a schema-violating chunk naming chunk, event and field, and stores nothing of the batch', async () => {
    const s = await t.createSession();
    const encoded = await encodeChunks([
      { taskId: 1, seq: 0, events: cursorRun(0, 3) },
      { taskId: 1, seq: 1, events: [cursor(100), { kind: 'cursor', t: 110, x: 'left', y: 2 }] },
    ]);
    const res = await post(s, batchBody(encoded));
    expect(res.statusCode).toBe(422);
    expect(res.json<ErrorBody>().error).toMatchObject({
      field: 'chunks[1].events[1].x',
      problem: 'expected number but got "left"',
      chunk: { taskId: 1, seq: 1 },
    });
    expect(await stored(s.sessionId)).toEqual([]);
  });

  it('refuses times out of order within a chunk and across the seqs of a screen', async () => {
    const s = await t.createSession();
    const slack = LIMITS.timeSlackMs;
    const inside = await encodeChunks([{ taskId: 1, seq: 0, events: [cursor(50_000), cursor(50_000 - slack - 500)] }]);
    const r1 = await post(s, batchBody(inside));
    expect(r1.statusCode).toBe(422);
    expect(r1.json<ErrorBody>().error.field).toBe('chunks[0].events[1].t');
    const [late] = await encodeChunks([{ taskId: 2, seq: 4, events: [cursor(100_000)] }]);
    expect((await post(s, batchBody([late!]))).statusCode).toBe(200);
    const [early] = await encodeChunks([{ taskId: 2, seq: 5, events: [cursor(100_000 - slack - 1)] }]);
    const r2 = await post(s, batchBody([early!]));
    expect(r2.statusCode).toBe(422);
    expect(r2.json<ErrorBody>().error).toMatchObject({
      field: 'chunks[0].events',
      problem: expect.stringContaining('before the end of seq 4'),
    });
    const [before] = await encodeChunks([{ taskId: 2, seq: 3, events: [cursor(100_000 + slack + 1)] }]);
    const r3 = await post(s, batchBody([before!]));
    expect(r3.statusCode).toBe(422);
    expect(r3.json<ErrorBody>().error.problem).toContain('after the start of seq 4');
    expect((await stored(s.sessionId)).map((r) => [r.task_id, r.seq])).toEqual([[2, 4]]);
  });

  it('refuses malformed, mislabelled and oversized bodies naming the problem, and stores nothing', async () => {
    const s = await t.createSession();
    const [good] = await encodeChunks([{ taskId: 1, seq: 0, events: cursorRun(0, 3) }]);
    const expectRefusal = async (res: Awaited<ReturnType<typeof post>>, status: number, field: string, problem: RegExp) => {
      expect(res.statusCode, res.body).toBe(status);
      const { error } = res.json<ErrorBody>();
      expect(error.field).toBe(field);
      expect(error.problem).toMatch(problem);
    };
    await expectRefusal(await post(s, Buffer.from('hello')), 400, 'body', /CGB1/);
    await expectRefusal(
      await post(s, Buffer.from(JSON.stringify({ chunks: [] })), { ...batchHeaders(s.token), 'content-type': 'application/json' }),
      415,
      'content-type',
      /application\/vnd\.cgl\.chunk-batch/,
    );
    await expectRefusal(
      await post(s, Buffer.from('x'), { ...batchHeaders(s.token), 'content-type': 'text/csv' }),
      415,
      'content-type',
      /not accepted/,
    );
    const wrongHash = batchBody([{ ...good!, header: { ...good!.header, sha256: '0'.repeat(64) } }]);
    await expectRefusal(await post(s, wrongHash), 422, 'chunks[0].sha256', /does not match/);
    const notGzip = Buffer.from(encodeBatch({ chunks: [{ ...good!.header, bytes: 4 }] }, [new Uint8Array([1, 2, 3, 4])]));
    await expectRefusal(await post(s, notGzip), 400, 'chunks[0]', /not valid gzip/);
    const notJson = gzipSync('[{"kind":');
    const sha = createHash('sha256').update('[{"kind":').digest('hex');
    const notJsonBody = Buffer.from(encodeBatch({ chunks: [{ taskId: 1, seq: 0, sha256: sha, bytes: notJson.length }] }, [notJson]));
    await expectRefusal(await post(s, notJsonBody), 422, 'chunks[0].events', /not valid JSON/);
    const empty = await encodeChunks([{ taskId: 1, seq: 0, events: [] }]);
    await expectRefusal(await post(s, batchBody(empty)), 422, 'chunks[0].events', /at least one event/);
    const huge = gzipSync(Buffer.alloc(LIMITS.chunkRawBytes + 1, 32));
    const hugeBody = Buffer.from(encodeBatch({ chunks: [{ ...good!.header, bytes: huge.length }] }, [huge]));
    await expectRefusal(await post(s, hugeBody), 413, 'chunks[0]', /once decompressed/);
    const oversized = Buffer.concat([batchBody([good!]), Buffer.alloc(LIMITS.batchBodyBytes)]);
    await expectRefusal(await post(s, oversized), 413, 'body', /larger than/);
    expect(await stored(s.sessionId)).toEqual([]);
  });

  it('limits the request rate per session with 429 and Retry-After', async () => {
    const limited = await createLimitedApp();
    try {
      const s = await limited.createSession();
      const [c] = await encodeChunks([{ taskId: 1, seq: 0, events: cursorRun(0, 3) }]);
      const send = () =>
        limited.app.inject({
          method: 'POST',
          url: `/api/sessions/${s.sessionId}/chunks`,
          headers: batchHeaders(s.token),
          payload: batchBody([c!]),
        });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await send()).statusCode);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      const refused = await send();
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.json<ErrorBody>().error.field).toBe('session');
      // Another session has its own budget.
      const other = await limited.createSession();
      const otherRes = await limited.app.inject({
        method: 'POST',
        url: `/api/sessions/${other.sessionId}/chunks`,
        headers: batchHeaders(other.token),
        payload: batchBody([c!]),
      });
      expect(otherRes.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

function createLimitedApp() {
  return createTestApp({ rates: { sessionPerSecond: 0.001, sessionBurst: 3, createPerSecond: 100, createBurst: 100 } });
}
