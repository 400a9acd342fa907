import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../core/protocol/limits.ts';
import { CHUNK_BATCH_CONTENT_TYPE, type ChunkOutcome } from '../../core/protocol/messages.ts';
import { chunkKey, insertChunks, storedAround, type PreparedChunk } from '../store/chunks.ts';
import type { ApiContext } from './context.ts';
import { refuse } from './errors.ts';
import { batchResults, prepareChunk, readBatch } from './prepare-batch.ts';
import { authorizeSession } from './guards.ts';

const gone = () => refuse(404, 'session', 'does not exist (withdrawn and deleted)');

export function registerChunkRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Params: { id: string } }>('/api/sessions/:id/chunks', { bodyLimit: LIMITS.batchBodyBytes }, async (request) => {
    const id = await authorizeSession(ctx, request);
    if (!Buffer.isBuffer(request.body)) throw refuse(415, 'content-type', `must be ${CHUNK_BATCH_CONTENT_TYPE}`);
    const batch = readBatch(request.body);
    const around = await storedAround(
      ctx.pool,
      id,
      batch.unique.map((i) => batch.headers[i]!),
    );
    if (!around) throw gone();

    // A key already stored with the same hash is a repeat (a lost answer): nothing to open or write.
    const outcomes: ChunkOutcome[] = [];
    const fresh: PreparedChunk[] = [];
    const budget = { raw: 0 };
    for (const index of batch.unique) {
      const head = batch.headers[index]!;
      const stored = around.chunks.get(chunkKey(head));
      if (stored && stored.sha256.toString('hex') !== head.sha256) {
        request.log.warn(
          { session: id, taskId: head.taskId, seq: head.seq, stored: stored.sha256.toString('hex'), offered: head.sha256 },
          'chunk conflict: same key, different content',
        );
        throw refuse(409, `chunks[${index}]`, `differs from the chunk already stored as taskId ${head.taskId} seq ${head.seq}`, {
          chunk: { taskId: head.taskId, seq: head.seq },
        });
      }
      outcomes.push(stored ? 'duplicate' : 'stored');
      if (!stored) fresh.push(prepareChunk(batch, index, budget));
    }

    const outcome = await insertChunks(ctx.pool, id, fresh, around);
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
  });
}
