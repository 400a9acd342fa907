import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { LIMITS } from '../../core/protocol/limits.ts';
import {
  CreateSessionRequestSchema,
  SessionIdSchema,
  SessionUpdateSchema,
  type CreateSessionResponse,
  type HealthResponse,
  type SessionUpdateResponse,
} from '../../core/protocol/messages.ts';
import { issueProblem } from '../../core/protocol/problem.ts';
import { insertSession, sessionManifest, updateSessionRecord, withdrawSession } from '../store/sessions.ts';
import { newToken, tokenHash } from './auth.ts';
import type { ApiContext } from './context.ts';
import { ApiError, refuse } from './errors.ts';

type SessionParams = { Params: { id: string } };

export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  if (body === undefined || body === null || typeof body !== 'object') throw refuse(400, 'body', 'must be a JSON object');
  const result = v.safeParse(schema, body, { abortEarly: true });
  if (!result.success) throw new ApiError(422, issueProblem('', result.issues[0]));
  return result.output;
}

export function sessionIdParam(request: FastifyRequest<SessionParams>): string {
  const id: string = request.params.id;
  if (!v.safeParse(SessionIdSchema, id).success) throw refuse(404, 'session', `"${id.slice(0, 64)}" is not a session id`);
  return id;
}

/** Authorises the request for the session in the URL and charges its rate limit. */
export async function authorizeSession(ctx: ApiContext, request: FastifyRequest<SessionParams>): Promise<string> {
  const id = sessionIdParam(request);
  await ctx.authorizer.authorize(request, id);
  limit(ctx.sessionLimiter.take(id), 'session');
  return id;
}

export function limit(result: { ok: true } | { ok: false; retryAfterMs: number }, field: string): void {
  if (result.ok) return;
  const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
  throw refuse(429, field, `sent too many requests; retry in ${seconds} s`, { headers: { 'Retry-After': String(seconds) } });
}

export function registerSessionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/health', async (): Promise<HealthResponse> => ({ ok: true, database: ctx.database, appVersion: ctx.appVersion }));

  app.post('/api/sessions', { bodyLimit: LIMITS.jsonBodyBytes }, async (request, reply) => {
    limit(ctx.createLimiter.take('create'), 'sessions');
    const req = parseBody(CreateSessionRequestSchema, request.body);
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
