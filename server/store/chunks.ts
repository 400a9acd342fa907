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
 * Stores a batch all or nothing in two statements: one reads the session and the stored chunks
 * around the batch's keys, the checks run here, one writes. (Two round trips rather than a
 * locking transaction's six: under CPU contention every round trip waits for the scheduler.)
 * Already stored with the same hash: 'duplicate', nothing written; with another hash: a conflict
 * and nothing of the batch is stored. A session's uploader sends one request at a time; should
 * two writers race, the primary key still keeps one copy per key and the loser re-checks.
 * `chunks` holds each key once.
 */
export async function storeChunks(pool: pg.Pool, sessionId: string, chunks: readonly PreparedChunk[], attempt = 0): Promise<StoreOutcome> {
  // The batch's keys and their neighbours (seq ± 1).
  const lookTask: number[] = [];
  const lookSeq: number[] = [];
  for (const c of chunks) {
    for (const seq of [c.seq - 1, c.seq, c.seq + 1]) {
      lookTask.push(c.taskId);
      lookSeq.push(seq);
    }
  }
  const { rows } = await pool.query<StoredRow & { stored_bytes: string }>(
    `SELECT s.stored_bytes, c.task_id, c.seq, c.sha256, c.min_t, c.max_t
       FROM sessions s
       LEFT JOIN LATERAL (
         SELECT c.* FROM chunks c JOIN unnest($2::int[], $3::int[]) AS k(task_id, seq) ON c.task_id = k.task_id AND c.seq = k.seq
          WHERE c.session_id = s.id) c ON true
      WHERE s.id = $1`,
    [sessionId, lookTask, lookSeq],
  );
  if (!rows[0]) return { kind: 'gone' };
  const known = new Map<string, { minT: number; maxT: number; sha256?: Buffer }>();
  for (const r of rows) if (r.task_id !== null) known.set(key(r.task_id, r.seq), { minT: r.min_t, maxT: r.max_t, sha256: r.sha256 });

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

  const storedBytes = Number(rows[0].stored_bytes);
  if (storedBytes + fresh.reduce((n, c) => n + c.gzip.length, 0) > LIMITS.sessionStoredBytes) return { kind: 'quota', storedBytes };

  let inserted: number;
  try {
    const written = await pool.query(
      `WITH ins AS (
         INSERT INTO chunks (session_id, task_id, seq, sha256, events, min_t, max_t, raw_bytes, gzip)
         SELECT $1, * FROM unnest($2::int[], $3::int[], $4::bytea[], $5::int[], $6::float8[], $7::float8[], $8::int[], $9::bytea[])
         ON CONFLICT DO NOTHING
         RETURNING octet_length(gzip) AS bytes),
       counted AS (
         UPDATE sessions SET chunk_count = chunk_count + (SELECT count(*) FROM ins),
                stored_bytes = stored_bytes + (SELECT coalesce(sum(bytes), 0) FROM ins), updated_at = now()
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
    inserted = (written.rows[0] as { n: number }).n;
  } catch (error) {
    if ((error as { code?: string }).code === '23503') return { kind: 'gone' }; // withdrawn meanwhile
    throw error;
  }
  // Another writer stored some of these keys between our read and write: check again.
  if (inserted < fresh.length && attempt < 2) return storeChunks(pool, sessionId, chunks, attempt + 1);
  return { kind: 'ok', outcomes };
}
