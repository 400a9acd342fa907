import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { LIMITS } from '../../core/protocol/limits.ts';
import type { ChunkBatchResponse, ChunkOutcome } from '../../core/protocol/messages.ts';
import { chunkKey, insertChunks, storedAround, type PreparedChunk } from '../store/chunks.ts';
import { refuse } from './errors.ts';
import { batchResults, prepareChunk, type ReadBatch } from './prepare-batch.ts';

const gone = () => refuse(404, 'session', 'does not exist (withdrawn and deleted)');

/**
 * Stores a read batch for a session: a key already stored with the same hash is a repeat (nothing
 * to open or write), a key stored with another hash is a conflict (409 naming the chunk), every new
 * chunk is opened and checked, then written with the session's counters. The participant's uploads
 * and a researcher's data file both come through here.
 */
export async function storeBatch(
  db: pg.Pool | pg.PoolClient,
  sessionId: string,
  batch: ReadBatch,
  log: FastifyBaseLogger,
): Promise<ChunkBatchResponse> {
  const around = await storedAround(
    db,
    sessionId,
    batch.unique.map((i) => batch.headers[i]!),
  );
  if (!around) throw gone();

  const outcomes: ChunkOutcome[] = [];
  const fresh: PreparedChunk[] = [];
  const budget = { raw: 0 };
  for (const index of batch.unique) {
    const head = batch.headers[index]!;
    const stored = around.chunks.get(chunkKey(head));
    if (stored && stored.sha256.toString('hex') !== head.sha256) {
      log.warn(
        { session: sessionId, taskId: head.taskId, seq: head.seq, stored: stored.sha256.toString('hex'), offered: head.sha256 },
        'chunk conflict: same key, different content',
      );
      throw refuse(409, `chunks[${index}]`, `differs from the chunk already stored as taskId ${head.taskId} seq ${head.seq}`, {
        chunk: { taskId: head.taskId, seq: head.seq },
      });
    }
    outcomes.push(stored ? 'duplicate' : 'stored');
    if (!stored) fresh.push(prepareChunk(batch, index, budget));
  }

  const outcome = await insertChunks(db, sessionId, fresh, around);
  switch (outcome.kind) {
    case 'gone':
      throw gone();
    case 'raced':
      throw refuse(503, 'session', 'was being written by another request at the same time; retry', { headers: { 'Retry-After': '1' } });
    case 'order': {
      const { chunk, neighbour } = outcome;
      const problem = outcome.neighbourIsEarlier
        ? `start at t ${chunk.span.minT} ms, more than ${LIMITS.timeSlackMs} ms before the end of seq ${neighbour.seq} (t ${neighbour.maxT} ms)`
        : `end at t ${chunk.span.maxT} ms, more than ${LIMITS.timeSlackMs} ms after the start of seq ${neighbour.seq} (t ${neighbour.minT} ms)`;
      throw refuse(422, `chunks[${chunk.index}].events`, problem, { chunk: { taskId: chunk.taskId, seq: chunk.seq } });
    }
    case 'quota':
      throw refuse(
        413,
        'chunks',
        `would take this session past its ${LIMITS.sessionStoredBytes} stored bytes (${outcome.storedBytes} stored)`,
      );
  }
  return batchResults(batch, outcomes);
}
