import type pg from 'pg';
import { spansInOrder, type ChunkSpan } from '../../core/protocol/chunk-check.ts';
import { LIMITS } from '../../core/protocol/limits.ts';
import type { ChunkOutcome } from '../../core/protocol/messages.ts';

/** A chunk of a batch that passed every check that needs no database. */
export interface PreparedChunk {
  /** Position in the request (for messages). */
  index: number;
  taskId: number;
  seq: number;
  sha256: Buffer;
  gzip: Buffer;
  rawBytes: number;
  span: ChunkSpan;
}

export type StoreOutcome =
  | { kind: 'ok'; outcomes: ChunkOutcome[] }
  | { kind: 'gone' }
  | { kind: 'conflict'; chunk: PreparedChunk; storedSha256: string }
  | { kind: 'order'; chunk: PreparedChunk; neighbour: { seq: number; minT: number; maxT: number }; neighbourIsEarlier: boolean }
  | { kind: 'quota'; storedBytes: number };

interface StoredRow {
  task_id: number;
  seq: number;
  sha256: Buffer;
  min_t: number;
  max_t: number;
}

const key = (taskId: number, seq: number) => `${taskId}:${seq}`;

/**
 * Stores a batch all or nothing, under the session's row lock (so concurrent batches of one
 * session check their neighbours one after the other). Already stored with the same hash:
 * 'duplicate', nothing written; with another hash: a conflict and nothing of the batch is stored.
 * `chunks` holds each key once.
 */
export async function storeChunks(pool: pg.Pool, sessionId: string, chunks: readonly PreparedChunk[]): Promise<StoreOutcome> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const outcome = await storeInTransaction(client, sessionId, chunks);
    await client.query(outcome.kind === 'ok' ? 'COMMIT' : 'ROLLBACK');
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function storeInTransaction(client: pg.PoolClient, sessionId: string, chunks: readonly PreparedChunk[]): Promise<StoreOutcome> {
  const session = await client.query<{ stored_bytes: string }>('SELECT stored_bytes FROM sessions WHERE id = $1 FOR UPDATE', [sessionId]);
  if (!session.rows[0]) return { kind: 'gone' };

  // The batch's keys and their neighbours (seq ± 1) that are already stored.
  const lookTask: number[] = [];
  const lookSeq: number[] = [];
  for (const c of chunks) {
    for (const seq of [c.seq - 1, c.seq, c.seq + 1]) {
      lookTask.push(c.taskId);
      lookSeq.push(seq);
    }
  }
  const { rows } = await client.query<StoredRow>(
    `SELECT c.task_id, c.seq, c.sha256, c.min_t, c.max_t FROM chunks c
     JOIN unnest($2::int[], $3::int[]) AS k(task_id, seq) ON c.task_id = k.task_id AND c.seq = k.seq
     WHERE c.session_id = $1`,
    [sessionId, lookTask, lookSeq],
  );
  const known = new Map<string, { minT: number; maxT: number; sha256?: Buffer }>();
  for (const r of rows) known.set(key(r.task_id, r.seq), { minT: r.min_t, maxT: r.max_t, sha256: r.sha256 });

  const outcomes: ChunkOutcome[] = [];
  const fresh: PreparedChunk[] = [];
  for (const c of chunks) {
    const stored = known.get(key(c.taskId, c.seq));
    if (stored?.sha256) {
      if (!stored.sha256.equals(c.sha256)) return { kind: 'conflict', chunk: c, storedSha256: stored.sha256.toString('hex') };
      outcomes.push('duplicate');
    } else {
      outcomes.push('stored');
      fresh.push(c);
    }
  }
  // Order checks see stored chunks and the batch's new ones alike.
  for (const c of fresh) known.set(key(c.taskId, c.seq), { minT: c.span.minT, maxT: c.span.maxT });
  for (const c of fresh) {
    const before = known.get(key(c.taskId, c.seq - 1));
    if (before && !spansInOrder(before, c.span))
      return { kind: 'order', chunk: c, neighbour: { seq: c.seq - 1, ...before }, neighbourIsEarlier: true };
    const after = known.get(key(c.taskId, c.seq + 1));
    if (after && !spansInOrder(c.span, after))
      return { kind: 'order', chunk: c, neighbour: { seq: c.seq + 1, ...after }, neighbourIsEarlier: false };
  }
  if (!fresh.length) return { kind: 'ok', outcomes };

  const storedBytes = Number(session.rows[0].stored_bytes);
  const adding = fresh.reduce((n, c) => n + c.gzip.length, 0);
  if (storedBytes + adding > LIMITS.sessionStoredBytes) return { kind: 'quota', storedBytes };

  await client.query(
    `INSERT INTO chunks (session_id, task_id, seq, sha256, events, min_t, max_t, raw_bytes, gzip)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bytea[], $5::int[], $6::float8[], $7::float8[], $8::int[], $9::bytea[])`,
    [
      sessionId,
      fresh.map((c) => c.taskId),
      fresh.map((c) => c.seq),
      fresh.map((c) => c.sha256),
      fresh.map((c) => c.span.events),
      fresh.map((c) => c.span.minT),
      fresh.map((c) => c.span.maxT),
      fresh.map((c) => c.rawBytes),
      fresh.map((c) => c.gzip),
    ],
  );
  await client.query(
    'UPDATE sessions SET chunk_count = chunk_count + $2, stored_bytes = stored_bytes + $3, updated_at = now() WHERE id = $1',
    [sessionId, fresh.length, adding],
  );
  return { kind: 'ok', outcomes };
}
