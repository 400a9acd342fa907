import type { FastifyInstance } from 'fastify';
import { LAB_PREFIX } from '../../../core/protocol/lab.ts';
import type { ApiContext } from '../context.ts';
import { registerLabAuthRoutes } from './auth-routes.ts';
import { registerLabDataFileRoutes } from './data-file-routes.ts';
import { requireLogin } from './guard.ts';
import { registerLabSessionRoutes } from './session-routes.ts';
import { registerLabStudyRoutes } from './study-routes.ts';

/** The researcher workspace's API under /api/lab: every route needs a login unless marked public. */
export async function registerLab(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  app.decorateRequest('researcher', null);
  app.decorateRequest('loginToken', null);
  await app.register(
    async (lab) => {
      lab.addHook('onRoute', (route) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods)
          if (method !== 'HEAD') ctx.labRoutes.push({ method, url: route.url, public: route.config?.public === true });
      });
      lab.addHook('onRequest', async (request) => {
        if (request.routeOptions.config.public) return;
        await requireLogin(ctx, request);
      });
      registerLabAuthRoutes(lab, ctx);
      registerLabStudyRoutes(lab, ctx);
      registerLabSessionRoutes(lab, ctx);
      registerLabDataFileRoutes(lab, ctx);
    },
    { prefix: LAB_PREFIX },
  );
}
