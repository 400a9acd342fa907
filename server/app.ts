import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { SECURITY_HEADERS } from '../core/protocol/security-headers.ts';
import { SessionAuthorizer } from './api/auth.ts';
import { registerBodyParsers } from './api/body.ts';
import { registerChunkRoutes } from './api/chunks-routes.ts';
import type { ApiContext } from './api/context.ts';
import { registerEntryRoutes } from './api/entry-routes.ts';
import { refuse, sendError } from './api/errors.ts';
import { registerLab } from './api/lab/register.ts';
import { crossOriginProblem } from './api/origin-check.ts';
import { RateLimiter } from './api/rate-limit.ts';
import { registerSessionRoutes } from './api/sessions-routes.ts';
import { PartBuilder } from './export/part-builder.ts';
import { DEFAULT_EXPORT_HEAP_MB, ExportRegistry } from './export/run-export.ts';
import { isAppRoute, serveBuiltApp, serveWithVite } from './web/frontend.ts';
import { registerStudyLinkPages } from './web/study-link-page.ts';

export interface AppOptions {
  pool: pg.Pool;
  /** The same database as `pool`, for export worker threads. */
  databaseUrl: string;
  database: ApiContext['database'];
  appVersion: string;
  /** The participant pages: the built app, Vite with hot reload, or none (API only). */
  frontend: { kind: 'static'; distDir: string } | { kind: 'vite' } | { kind: 'none' };
  logger: FastifyBaseLogger;
  rates?: { sessionPerSecond: number; sessionBurst: number; createPerSecond: number; createBurst: number };
  /** API requests handled at once; more are told to come back (503 + Retry-After) instead of queueing. */
  maxInFlight?: number;
  /** PUBLIC_ORIGIN: where browsers reach the server (https://… behind a proxy); requests' Origin must match it. */
  publicOrigin?: string;
  loginRates?: { perSecond: number; burst: number };
  /** The most heap an export thread may have, MB. */
  exportHeapMb?: number;
}

export const DEFAULT_RATES = { sessionPerSecond: 10, sessionBurst: 30, createPerSecond: 50, createBurst: 200 };
export const DEFAULT_MAX_IN_FLIGHT = 64;
/** Login attempts: per e-mail and for everyone together (a guesser is slowed to one try every few seconds). */
export const DEFAULT_LOGIN_RATES = { perSecond: 0.2, burst: 10 };

/**
 * The study server: /api for participants' sessions and chunks, /api/lab for researchers, and the
 * app's pages on the same origin. No CORS, no state-changing request from another origin, no
 * participant cookies (researchers hold an httpOnly login cookie), and no client addresses
 * anywhere: requests are logged by method and URL only.
 */
export async function buildApp(options: AppOptions): Promise<{ app: FastifyInstance; ctx: ApiContext; close: () => Promise<void> }> {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    // Routes that take more say so.
    bodyLimit: 64 * 1024,
  });
  const rates = options.rates ?? DEFAULT_RATES;
  const exportHeapMb = options.exportHeapMb ?? DEFAULT_EXPORT_HEAP_MB;
  const ctx: ApiContext = {
    pool: options.pool,
    databaseUrl: options.databaseUrl,
    authorizer: new SessionAuthorizer(options.pool),
    sessionLimiter: new RateLimiter({ perSecond: rates.sessionPerSecond, burst: rates.sessionBurst }),
    createLimiter: new RateLimiter({ perSecond: rates.createPerSecond, burst: rates.createBurst }),
    loginLimiter: new RateLimiter(options.loginRates ?? DEFAULT_LOGIN_RATES),
    database: options.database,
    appVersion: options.appVersion,
    lab: { publicOrigin: options.publicOrigin, secureCookie: options.publicOrigin?.startsWith('https://') ?? false, loginHours: 12 },
    exports: new ExportRegistry(),
    exportHeapMb,
    parts: new PartBuilder({
      databaseUrl: options.databaseUrl,
      appVersion: options.appVersion,
      heapMb: exportHeapMb,
      onFailure: (session, problem) => app.log.warn({ session, problem }, 'export part not made (the next export makes it)'),
    }),
    labRoutes: [],
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
  // No cross-origin anything: a state-changing request from another site's page is refused before
  // any work (researchers' cookie-carrying requests and participants' alike).
  app.addHook('onRequest', async (request) => {
    const problem = crossOriginProblem(request.method, request.headers, options.publicOrigin);
    if (problem) throw refuse(403, 'origin', `${problem}: cross-origin requests are refused`);
  });
  registerBodyParsers(app);
  registerSessionRoutes(app, ctx);
  registerChunkRoutes(app, ctx);
  registerEntryRoutes(app, ctx);
  await registerLab(app, ctx);
  registerStudyLinkPages(app, ctx);

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
    ctx,
    close: async () => {
      await app.close();
      await ctx.parts.close();
      await closeFrontend();
    },
  };
}
