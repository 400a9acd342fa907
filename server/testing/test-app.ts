import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { CreateSessionRequest, CreateSessionResponse } from '../../core/protocol/messages.ts';
import type { ApiContext } from '../api/context.ts';
import { buildApp, DEFAULT_RATES, type AppOptions } from '../app.ts';
import { createLogger } from '../log.ts';
import { createTestDatabase } from './test-database.ts';

export const sessionRequest = (overrides: Partial<CreateSessionRequest> = {}): CreateSessionRequest => ({
  studyId: 'recgaze',
  participantId: 'P_001',
  consentedAt: 1_780_000_000_000,
  appVersion: '0.1.0',
  config: { id: 'recgaze', screens: [{ taskId: 1 }] },
  ...overrides,
});

export interface TestApp {
  app: FastifyInstance;
  ctx: ApiContext;
  pool: pg.Pool;
  url: string;
  /** Every log line the server wrote (JSON). */
  logs: string[];
  createSession(overrides?: Partial<CreateSessionRequest>): Promise<CreateSessionResponse>;
  close(): Promise<void>;
}

/** The API in-process (requests through `app.inject`) on its own fresh database. */
export async function createTestApp(
  options: {
    rates?: AppOptions['rates'];
    frontend?: AppOptions['frontend'];
    maxInFlight?: number;
    publicOrigin?: string;
    loginRates?: AppOptions['loginRates'];
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const { app, close, ctx } = await buildApp({
    pool: db.pool,
    databaseUrl: db.url,
    database: 'external',
    appVersion: 'test',
    frontend: options.frontend ?? { kind: 'none' },
    logger: createLogger('info', sink),
    rates: options.rates ?? { ...DEFAULT_RATES, sessionBurst: 1000, sessionPerSecond: 1000 },
    ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
    ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
    loginRates: options.loginRates ?? { perSecond: 1000, burst: 1000 },
  });
  await app.ready();
  return {
    app,
    ctx,
    pool: db.pool,
    url: db.url,
    logs,
    async createSession(overrides) {
      const res = await app.inject({ method: 'POST', url: '/api/sessions', payload: sessionRequest(overrides) });
      if (res.statusCode !== 201) throw new Error(`create session: ${res.statusCode} ${res.body}`);
      return res.json<CreateSessionResponse>();
    },
    async close() {
      await close();
      await db.drop();
    },
  };
}
