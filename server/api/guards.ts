import type { FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { SessionIdSchema } from '../../core/protocol/messages.ts';
import { issueProblem } from '../../core/protocol/problem.ts';
import type { ApiContext } from './context.ts';
import { ApiError, refuse } from './errors.ts';

// Checks every API route runs before its work: the body's schema, the session in the URL, its
// write token and its rate limit.

export type SessionParams = { Params: { id: string } };

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
