import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../core/protocol/limits.ts';
import { CHUNK_BATCH_CONTENT_TYPE } from '../../core/protocol/messages.ts';
import { storeChunks } from '../store/chunks.ts';
import type { ApiContext } from './context.ts';
import { refuse } from './errors.ts';
import { batchResults, prepareBatch } from './prepare-batch.ts';
import { authorizeSession } from './sessions-routes.ts';

export function registerChunkRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Params: { id: string } }>('/api/sessions/:id/chunks', { bodyLimit: LIMITS.batchBodyBytes }, async (request) => {
    const id = await authorizeSession(ctx, request);
    if (!Buffer.isBuffer(request.body)) throw refuse(415, 'content-type', `must be ${CHUNK_BATCH_CONTENT_TYPE}`);
    const batch = prepareBatch(request.body);
    const outcome = await storeChunks(ctx.pool, id, batch.unique);
    switch (outcome.kind) {
      case 'gone':
        throw refuse(404, 'session', 'does not exist (withdrawn and deleted)');
      case 'conflict': {
        const { chunk } = outcome;
        request.log.warn(
          { session: id, taskId: chunk.taskId, seq: chunk.seq, stored: outcome.storedSha256, offered: chunk.sha256.toString('hex') },
          'chunk conflict: same key, different content',
        );
        throw refuse(409, `chunks[${chunk.index}]`, `differs from the chunk already stored as taskId ${chunk.taskId} seq ${chunk.seq}`, {
          chunk: { taskId: chunk.taskId, seq: chunk.seq },
        });
      }
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
    return batchResults(batch, outcome.outcomes);
  });
}
