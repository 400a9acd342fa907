import type pg from 'pg';
import { spansInOrder, type ChunkSpan } from '../../core/protocol/chunk-check.ts';
import { LIMITS } from '../../core/protocol/limits.ts';
import type { ChunkKey } from '../../core/protocol/messages.ts';

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

/**
 * What the database holds around a batch: the session's stored bytes, and the stored chunks among
 * the batch's keys and their neighbours.
 */
export interface StoredAround {
  storedBytes: number;
  chunks: Map<string, { sha256: Buffer; minT: number; maxT: number }>;
}

export const chunkKey = (k: ChunkKey) => `${k.taskId}:${k.seq}`;

/** One read: the session (undefined when it does not exist) and its stored chunks at the keys and seq ± 1. */
export async function storedAround(
  pool: pg.Pool | pg.PoolClient,
  sessionId: string,
  keys: readonly ChunkKey[],
): Promise<StoredAround | undefined> {
  const lookTask: number[] = [];
  const lookSeq: number[] = [];
  for (const k of keys) {
    for (const seq of [k.seq - 1, k.seq, k.seq + 1]) {
      lookTask.push(k.taskId);
      lookSeq.push(seq);
    }
  }
  const { rows } = await pool.query<{
    stored_bytes: string;
    task_id: number | null;
    seq: number;
    sha256: Buffer;
    min_t: number;
    max_t: number;
  }>(
    `SELECT s.stored_bytes, c.task_id, c.seq, c.sha256, c.min_t, c.max_t
       FROM sessions s
       LEFT JOIN LATERAL (
         SELECT c.* FROM chunks c JOIN unnest($2::int[], $3::int[]) AS k(task_id, seq) ON c.task_id = k.task_id AND c.seq = k.seq
          WHERE c.session_id = s.id) c ON true
      WHERE s.id = $1`,
    [sessionId, lookTask, lookSeq],
  );
  if (!rows[0]) return undefined;
  const chunks = new Map<string, { sha256: Buffer; minT: number; maxT: number }>();
  for (const r of rows)
    if (r.task_id !== null) chunks.set(chunkKey({ taskId: r.task_id, seq: r.seq }), { sha256: r.sha256, minT: r.min_t, maxT: r.max_t });
  return { storedBytes: Number(rows[0].stored_bytes), chunks };
}

export type InsertOutcome =
  | { kind: 'ok' }
  | { kind: 'gone' }
  | { kind: 'raced' }
  | { kind: 'order'; chunk: PreparedChunk; neighbour: { seq: number; minT: number; maxT: number }; neighbourIsEarlier: boolean }
  | { kind: 'quota'; storedBytes: number };

/**
 * Stores new chunks (none of them stored at `around`'s read) in one statement with the session's
 * counters, after checking their times against their neighbours (stored or in the batch) and the
 * session's quota. The read and this write are two round trips rather than a locking transaction's
 * six: under CPU contention every round trip waits for the scheduler. A session's uploader sends
 * one request at a time; should two writers race, the primary key keeps one copy per key and the
 * loser is told to retry ('raced').
 */
export async function insertChunks(
  pool: pg.Pool | pg.PoolClient,
  sessionId: string,
  fresh: readonly PreparedChunk[],
  around: StoredAround,
): Promise<InsertOutcome> {
  const spans = new Map<string, { minT: number; maxT: number }>(around.chunks);
  for (const c of fresh) spans.set(chunkKey(c), c.span);
  for (const c of fresh) {
    const before = spans.get(chunkKey({ taskId: c.taskId, seq: c.seq - 1 }));
    if (before && !spansInOrder(before, c.span))
      return { kind: 'order', chunk: c, neighbour: { seq: c.seq - 1, ...before }, neighbourIsEarlier: true };
    const after = spans.get(chunkKey({ taskId: c.taskId, seq: c.seq + 1 }));
    if (after && !spansInOrder(c.span, after))
      return { kind: 'order', chunk: c, neighbour: { seq: c.seq + 1, ...after }, neighbourIsEarlier: false };
  }
  if (!fresh.length) return { kind: 'ok' };
  if (around.storedBytes + fresh.reduce((n, c) => n + c.gzip.length, 0) > LIMITS.sessionStoredBytes)
    return { kind: 'quota', storedBytes: around.storedBytes };
  try {
    const { rows } = await pool.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO chunks (session_id, task_id, seq, sha256, events, min_t, max_t, raw_bytes, gzip)
         SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bytea[], $5::int[], $6::float8[], $7::float8[], $8::int[], $9::bytea[])
         ON CONFLICT DO NOTHING
         RETURNING octet_length(gzip) AS bytes),
       counted AS (
         UPDATE sessions SET chunk_count = chunk_count + (SELECT count(*) FROM ins),
                stored_bytes = stored_bytes + (SELECT coalesce(sum(bytes), 0) FROM ins), updated_at = now(),
                last_task_id = ($2::int[])[array_length($2::int[], 1)]
          WHERE id = $1)
       SELECT count(*)::int AS n FROM ins`,
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
    return rows[0]!.n === fresh.length ? { kind: 'ok' } : { kind: 'raced' };
  } catch (error) {
    if ((error as { code?: string }).code === '23503') return { kind: 'gone' }; // withdrawn meanwhile
    throw error;
  }
}
