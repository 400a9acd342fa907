import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built app (`npm run build` → dist/), with index.html for the app's own routes (/studio, /analysis). */
export async function serveBuiltApp(app: FastifyInstance, distDir: string): Promise<void> {
  if (!existsSync(join(distDir, 'index.html')))
    throw new Error(`${distDir}/index.html not found: run \`npm run build\` first (\`npm run serve\` does both)`);
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    cacheControl: false,
    index: ['index.html'],
    setHeaders: (reply, path) => {
      // Vite's hashed file names never change content; everything else is revalidated.
      reply.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/** A page of the app (not a file, not the API): answered with index.html. */
export function isAppRoute(method: string, url: string): boolean {
  const path = url.split('?')[0]!;
  return (method === 'GET' || method === 'HEAD') && !path.startsWith('/api/') && path !== '/api' && !/\.\w+$/.test(path);
}

/** Development: Vite in middleware mode inside this server (hot reload, same origin as /api). */
export async function serveWithVite(app: FastifyInstance): Promise<() => Promise<void>> {
  const { createServer } = await import('vite');
  const vite = await createServer({ server: { middlewareMode: true, hmr: { server: app.server } }, appType: 'spa' });
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api/') || request.url === '/api') return done();
    reply.hijack();
    vite.middlewares(request.raw, reply.raw, () => {
      reply.raw.statusCode = 404;
      reply.raw.end('not found');
    });
  });
  return () => vite.close();
}
