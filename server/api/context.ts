import type pg from 'pg';
import type { SessionAuthorizer } from './auth.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What the API routes share. */
export interface ApiContext {
  pool: pg.Pool;
  authorizer: SessionAuthorizer;
  /** Per session (every authenticated request). */
  sessionLimiter: RateLimiter;
  /** Shared by all session creations (participants have no token yet; no IP addresses are kept). */
  createLimiter: RateLimiter;
  database: 'embedded' | 'external';
  appVersion: string;
}
