import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import { TOKEN_RE } from '../../core/protocol/messages.ts';
import { sessionTokenHash } from '../store/sessions.ts';
import { refuse } from './errors.ts';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw refuse(401, 'authorization', "header is missing; send 'Authorization: Bearer <write token>'");
  const match = /^Bearer ([^\s]+)$/.exec(header);
  if (!match) throw refuse(401, 'authorization', "must be 'Bearer <write token>'");
  if (!TOKEN_RE.test(match[1]!)) throw refuse(401, 'authorization', 'is not a write token (43 characters of base64url)');
  return match[1]!;
}

/**
 * Checks that the request's bearer token is the session's write token. Token hashes never change,
 * so they are cached (a withdrawn session's entry is dropped; a stale one on another instance only
 * lets a request reach the transaction, which finds no session).
 */
export class SessionAuthorizer {
  private readonly cache = new Map<string, Buffer>();
  private readonly pool: pg.Pool;
  private readonly maxEntries: number;

  constructor(pool: pg.Pool, maxEntries = 100_000) {
    this.pool = pool;
    this.maxEntries = maxEntries;
  }

  async authorize(request: FastifyRequest, sessionId: string): Promise<void> {
    const offered = tokenHash(bearerToken(request));
    let stored = this.cache.get(sessionId);
    if (!stored) {
      stored = await sessionTokenHash(this.pool, sessionId);
      if (!stored) throw refuse(404, 'session', 'does not exist (never created, or withdrawn and deleted)');
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sessionId, stored);
    }
    if (!timingSafeEqual(stored, offered)) throw refuse(403, 'authorization', 'the write token does not belong to this session');
  }

  forget(sessionId: string): void {
    this.cache.delete(sessionId);
  }
}
