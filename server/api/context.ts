import type pg from 'pg';
import type { PartBuilder } from '../export/part-builder.ts';
import type { ExportRegistry } from '../export/run-export.ts';
import type { SessionAuthorizer } from './auth.ts';
import type { RateLimiter } from './rate-limit.ts';

/** What the API routes share. */
export interface ApiContext {
  pool: pg.Pool;
  /** How an export's worker thread reaches the same database. */
  databaseUrl: string;
  authorizer: SessionAuthorizer;
  /** Per session (every authenticated request). */
  sessionLimiter: RateLimiter;
  /** Shared by all session creations (participants have no token yet; no IP addresses are kept). */
  createLimiter: RateLimiter;
  /** Login attempts, per e-mail and for everyone together (no addresses are kept). */
  loginLimiter: RateLimiter;
  database: 'embedded' | 'external';
  appVersion: string;
  lab: {
    /** The origin researchers and participants use (PUBLIC_ORIGIN), when a proxy changes the Host. */
    publicOrigin: string | undefined;
    /** The login cookie is Secure (the public origin is https). */
    secureCookie: boolean;
    loginHours: number;
  };
  exports: ExportRegistry;
  /** The most heap an export thread may have (EXPORT_HEAP_MB). */
  exportHeapMb: number;
  /** Makes each completed session's export part in the background. */
  parts: PartBuilder;
  /** Every /api/lab route as registered (the security tests walk them). */
  labRoutes: { method: string; url: string; public: boolean }[];
}
