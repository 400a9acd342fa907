import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../core/protocol/limits.ts';
import { CHUNK_BATCH_CONTENT_TYPE } from '../../core/protocol/messages.ts';
import type { ApiContext } from './context.ts';
import { refuse } from './errors.ts';
import { authorizeSession } from './guards.ts';
import { readBatch } from './prepare-batch.ts';
import { storeBatch } from './store-batch.ts';

export function registerChunkRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Params: { id: string } }>('/api/sessions/:id/chunks', { bodyLimit: LIMITS.batchBodyBytes }, async (request) => {
    const id = await authorizeSession(ctx, request);
    if (!Buffer.isBuffer(request.body)) throw refuse(415, 'content-type', `must be ${CHUNK_BATCH_CONTENT_TYPE}`);
    return storeBatch(ctx.pool, id, readBatch(request.body), request.log);
  });
}
