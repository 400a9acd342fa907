import { gzip } from '../../core/protocol/content.ts';
import type { CompleteResponse, EntryResolution, EntryStartRequest, EntryStartResponse } from '../../core/protocol/entry.ts';
import {
  API_PREFIX,
  CHUNK_BATCH_CONTENT_TYPE,
  type ChunkBatchResponse,
  type CreateSessionRequest,
  type CreateSessionResponse,
  type ErrorBody,
  type SessionManifest,
  type SessionUpdate,
  type SessionUpdateResponse,
} from '../../core/protocol/messages.ts';

export interface SessionCredentials {
  sessionId: string;
  token: string;
}

/**
 * Every call ends in one of three ways: done; worth retrying later (offline, timeout, 5xx, 429:
 * with the server's Retry-After when it gave one); or refused for good with the server's named
 * problem (a 4xx: retrying the same request cannot help).
 */
export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; retry: true; message: string; retryAfterMs?: number }
  | { ok: false; retry: false; status: number; error: ErrorBody['error'] };

/** JSON bodies above this size travel gzip-compressed. */
const COMPRESS_JSON_ABOVE = 8 * 1024;
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** The study server's /api over fetch, same origin in the browser (`baseUrl` ''). */
export class StudyApi {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: { baseUrl?: string; fetch?: typeof fetch; timeoutMs?: number } = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** What a study link opens (the published config, whether it resumes); the server stores nothing. */
  resolveLink(studyId: string, params: URLSearchParams): Promise<ApiResult<EntryResolution>> {
    return this.call('GET', `/entry/${encodeURIComponent(studyId)}?${params.toString()}`, undefined);
  }

  /** At consent: starts the participant's session, or resumes theirs with a new write token. */
  enterStudy(studyId: string, request: EntryStartRequest): Promise<ApiResult<EntryStartResponse>> {
    return this.json('POST', `/entry/${encodeURIComponent(studyId)}`, undefined, request);
  }

  /** The completion URL and code, once the session is completed and the server holds `chunks` chunks. */
  complete(session: SessionCredentials, chunks: number): Promise<ApiResult<CompleteResponse>> {
    return this.json('POST', `/sessions/${session.sessionId}/complete`, session, { chunks });
  }

  createSession(request: CreateSessionRequest): Promise<ApiResult<CreateSessionResponse>> {
    return this.json('POST', '/sessions', undefined, request);
  }

  putSession(session: SessionCredentials, update: SessionUpdate): Promise<ApiResult<SessionUpdateResponse>> {
    return this.json('PUT', `/sessions/${session.sessionId}`, session, update);
  }

  manifest(session: SessionCredentials): Promise<ApiResult<SessionManifest>> {
    return this.call('GET', `/sessions/${session.sessionId}`, session);
  }

  /** Withdraws and deletes the session; a session already gone counts as done. */
  async withdraw(session: SessionCredentials): Promise<ApiResult<null>> {
    const result = await this.call<null>('DELETE', `/sessions/${session.sessionId}`, session);
    return !result.ok && !result.retry && result.status === 404 ? { ok: true, value: null } : result;
  }

  postChunks(session: SessionCredentials, frame: Uint8Array): Promise<ApiResult<ChunkBatchResponse>> {
    return this.call('POST', `/sessions/${session.sessionId}/chunks`, session, frame, { 'content-type': CHUNK_BATCH_CONTENT_TYPE });
  }

  private async json<T>(method: string, path: string, session: SessionCredentials | undefined, body: unknown): Promise<ApiResult<T>> {
    const text = new TextEncoder().encode(JSON.stringify(body));
    if (text.length <= COMPRESS_JSON_ABOVE) return this.call(method, path, session, text, { 'content-type': 'application/json' });
    return this.call(method, path, session, await gzip(text), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
  }

  private async call<T>(
    method: string,
    path: string,
    session: SessionCredentials | undefined,
    body?: Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<ApiResult<T>> {
    if (session) headers.authorization = `Bearer ${session.token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${API_PREFIX}${path}`, {
        method,
        headers,
        ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
        credentials: 'omit',
        cache: 'no-store',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return noAnswer(error);
    }
    return readResult<T>(res);
  }
}

export function noAnswer(error: unknown): ApiResult<never> {
  return { ok: false, retry: true, message: `no answer from the server (${(error as Error).name}: ${(error as Error).message})` };
}

/** A response as an ApiResult: the value, a retryable failure, or the server's named refusal. */
export async function readResult<T>(res: Response): Promise<ApiResult<T>> {
  if (res.ok) {
    const value = (res.status === 204 ? null : await res.json().catch(() => null)) as T;
    return { ok: true, value };
  }
  const parsed = (await res.json().catch(() => null)) as ErrorBody | null;
  const error = parsed?.error ?? { field: 'response', problem: `HTTP ${res.status}`, message: `response: HTTP ${res.status}` };
  if (RETRYABLE.has(res.status)) {
    const seconds = Number(res.headers.get('retry-after'));
    return { ok: false, retry: true, message: error.message, ...(seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}) };
  }
  return { ok: false, retry: false, status: res.status, error };
}
