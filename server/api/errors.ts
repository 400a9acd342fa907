import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ChunkKey, ErrorBody } from '../../core/protocol/messages.ts';
import { problemMessage, type Problem } from '../../core/protocol/problem.ts';

/** A refusal with the field and the problem; thrown from handlers, rendered by `sendError`. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly chunk: ChunkKey | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, problem: Problem, extra: { chunk?: ChunkKey; headers?: Record<string, string> } = {}) {
    super(problemMessage(problem));
    this.status = status;
    this.problem = problem;
    this.chunk = extra.chunk;
    this.headers = extra.headers ?? {};
  }
}

export const refuse = (status: number, field: string, problem: string, extra?: { chunk?: ChunkKey; headers?: Record<string, string> }) =>
  new ApiError(status, { field, problem }, extra);

/** Fastify's own errors (body parsing and limits) in the same words-first shape. */
function fromFastify(error: FastifyError, request: FastifyRequest): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return refuse(413, 'body', `is larger than the ${request.routeOptions.bodyLimit ?? '?'} bytes this request may carry`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return refuse(415, 'content-type', `${request.headers['content-type'] ?? '(none)'} is not accepted here`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return refuse(400, 'body', 'is empty; a JSON object is expected');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return refuse(400, 'content-length', 'does not match the body');
  }
  if (error instanceof SyntaxError) return refuse(400, 'body', `is not valid JSON (${error.message})`);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return refuse(error.statusCode, 'request', error.message);
  return undefined;
}

/** PostgreSQL down or restarting: the client should retry, so 503 rather than 500. */
function databaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? '');
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    /Connection terminated|timeout exceeded when trying to connect/.test(message)
  );
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (databaseUnavailable(error)) {
    request.log.warn({ url: request.url, code: (error as { code?: unknown }).code }, 'database unavailable');
    const body: ErrorBody = {
      error: { field: 'database', problem: 'is unavailable; retry later', message: 'database: is unavailable; retry later' },
    };
    return reply.code(503).header('Retry-After', '2').send(body);
  }
  const api = error instanceof ApiError ? error : fromFastify(error as FastifyError, request);
  if (!api) {
    request.log.error({ err: error, url: request.url }, 'request failed');
    const body: ErrorBody = {
      error: { field: 'server', problem: 'failed unexpectedly; retry later', message: 'server: failed unexpectedly; retry later' },
    };
    return reply.code(500).send(body);
  }
  const body: ErrorBody = { error: { ...api.problem, message: api.message, ...(api.chunk ? { chunk: api.chunk } : {}) } };
  request.log.info(
    { url: request.url, status: api.status, field: api.problem.field, problem: api.problem.problem, chunk: api.chunk },
    'refused',
  );
  return reply.code(api.status).headers(api.headers).send(body);
}
