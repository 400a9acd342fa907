import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { LIMITS } from '../../core/protocol/limits.ts';
import {
  CreateSessionRequestSchema,
  SessionUpdateSchema,
  type CreateSessionResponse,
  type HealthResponse,
  type SessionUpdateResponse,
} from '../../core/protocol/messages.ts';
import { insertSession, sessionManifest, updateSessionRecord, withdrawSession } from '../store/sessions.ts';
import { newToken, tokenHash } from './auth.ts';
import type { ApiContext } from './context.ts';
import { refuse } from './errors.ts';
import { authorizeSession, limit, parseBody, type SessionParams } from './guards.ts';

export function registerSessionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/health', async (): Promise<HealthResponse> => ({ ok: true, database: ctx.database, appVersion: ctx.appVersion }));

  app.post('/api/sessions', { bodyLimit: LIMITS.jsonBodyBytes }, async (request, reply) => {
    limit(ctx.createLimiter.take('create'), 'sessions');
    const req = parseBody(CreateSessionRequestSchema, request.body);
    const { rowCount } = await ctx.pool.query('SELECT 1 FROM studies WHERE id = $1', [req.studyId]);
    if (rowCount)
      throw refuse(
        409,
        'studyId',
        `${req.studyId} is a study on this server: its sessions start from its link (POST /api/entry/${req.studyId})`,
      );
    const sessionId = randomUUID();
    const token = newToken();
    await insertSession(ctx.pool, sessionId, tokenHash(token), req);
    const body: CreateSessionResponse = { sessionId, token };
    return reply.code(201).send(body);
  });

  app.put<SessionParams>('/api/sessions/:id', { bodyLimit: LIMITS.jsonBodyBytes }, async (request) => {
    const id = await authorizeSession(ctx, request);
    const update = parseBody(SessionUpdateSchema, request.body);
    const recordHash = createHash('sha256').update(JSON.stringify(update.record)).digest();
    const outcome = await updateSessionRecord(ctx.pool, id, update, recordHash);
    if (outcome.kind === 'gone') throw refuse(404, 'session', 'does not exist (withdrawn and deleted)');
    if (outcome.kind === 'conflict') {
      request.log.warn({ session: id, revision: update.revision }, 'session update conflict: same revision, different record');
      throw refuse(409, 'revision', `${update.revision} is already stored with a different record; send a higher revision`);
    }
    const body: SessionUpdateResponse = { revision: outcome.revision, applied: outcome.applied };
    return body;
  });

  app.get<SessionParams>('/api/sessions/:id', async (request) => {
    const id = await authorizeSession(ctx, request);
    const manifest = await sessionManifest(ctx.pool, id);
    if (!manifest) throw refuse(404, 'session', 'does not exist (withdrawn and deleted)');
    return manifest;
  });

  app.delete<SessionParams>('/api/sessions/:id', async (request, reply) => {
    const id = await authorizeSession(ctx, request);
    await withdrawSession(ctx.pool, id);
    ctx.authorizer.forget(id);
    request.log.info({ session: id }, 'session withdrawn and deleted');
    return reply.code(204).send();
  });
}
