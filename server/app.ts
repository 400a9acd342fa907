import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { SECURITY_HEADERS } from '../core/protocol/security-headers.ts';
import { SessionAuthorizer } from './api/auth.ts';
import { registerBodyParsers } from './api/body.ts';
import { registerChunkRoutes } from './api/chunks-routes.ts';
import type { ApiContext } from './api/context.ts';
import { refuse, sendError } from './api/errors.ts';
import { RateLimiter } from './api/rate-limit.ts';
import { registerSessionRoutes } from './api/sessions-routes.ts';
import { isAppRoute, serveBuiltApp, serveWithVite } from './web/frontend.ts';

export interface AppOptions {
  pool: pg.Pool;
  database: ApiContext['database'];
  appVersion: string;
  /** The participant pages: the built app, Vite with hot reload, or none (API only). */
  frontend: { kind: 'static'; distDir: string } | { kind: 'vite' } | { kind: 'none' };
  logger: FastifyBaseLogger;
  rates?: { sessionPerSecond: number; sessionBurst: number; createPerSecond: number; createBurst: number };
  /** API requests handled at once; more are told to come back (503 + Retry-After) instead of queueing. */
  maxInFlight?: number;
}

export const DEFAULT_RATES = { sessionPerSecond: 10, sessionBurst: 30, createPerSecond: 50, createBurst: 200 };
export const DEFAULT_MAX_IN_FLIGHT = 64;

/**
 * The study server: /api for participants' sessions and chunks, and the app's pages on the same
 * origin. No CORS (other origins cannot call the API from a browser), no cookies, and no client
 * addresses anywhere: requests are logged by method and URL only.
 */
export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    // Routes that take more say so.
    bodyLimit: 64 * 1024,
  });
  const rates = options.rates ?? DEFAULT_RATES;
  const ctx: ApiContext = {
    pool: options.pool,
    authorizer: new SessionAuthorizer(options.pool),
    sessionLimiter: new RateLimiter({ perSecond: rates.sessionPerSecond, burst: rates.sessionBurst }),
    createLimiter: new RateLimiter({ perSecond: rates.createPerSecond, burst: rates.createBurst }),
    database: options.database,
    appVersion: options.appVersion,
  };

  const devPages = options.frontend.kind === 'vite';
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      // Vite's dev pages carry inline scripts; its responses do not pass here anyway.
      if (devPages && name === 'Content-Security-Policy') continue;
      reply.header(name, value);
    }
    if (request.url.startsWith('/api/')) {
      reply.header('Cache-Control', 'no-store');
      // Time spent in the server, so a client (the load benchmark) can tell it from network and its own delays.
      reply.header('Server-Timing', `app;dur=${reply.elapsedTime.toFixed(1)}`);
    }
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));

  // Load shedding: past `maxInFlight`, a quick 503 lets clients back off (with jitter) rather than
  // wait in a queue until they time out and send the same work again.
  let inFlight = 0;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || request.url === '/api/health') return;
    if (inFlight >= maxInFlight) throw refuse(503, 'server', 'is busy; retry in a second', { headers: { 'Retry-After': '1' } });
    inFlight++;
    reply.raw.once('close', () => inFlight--);
  });
  registerBodyParsers(app);
  registerSessionRoutes(app, ctx);
  registerChunkRoutes(app, ctx);

  let closeFrontend = async () => undefined as void;
  if (options.frontend.kind === 'static') await serveBuiltApp(app, options.frontend.distDir);
  if (options.frontend.kind === 'vite') closeFrontend = await serveWithVite(app);
  const spa = options.frontend.kind === 'static';
  app.setNotFoundHandler((request, reply) => {
    if (spa && isAppRoute(request.method, request.url)) return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    return sendError(refuse(404, 'path', `${request.method} ${request.url.split('?')[0]} does not exist`), request, reply);
  });

  return {
    app,
    close: async () => {
      await app.close();
      await closeFrontend();
    },
  };
}
