// Builds the Hono app: REST under /api, /healthz, and the built PWA. Importable by tests without listening.
import { Hono } from 'hono';
import type pg from 'pg';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { AppError, errorResponse } from './api/errors.ts';
import { authRoutes } from './api/auth.ts';
import { healthRoutes } from './api/health.ts';
import { staticApp } from './static-app.ts';

export type AppDeps = { db: pg.Pool; config: Config; log: Logger };

export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
  });

  app.route('/healthz', healthRoutes(deps.db));
  app.route('/api/auth', authRoutes(deps));
  app.all('/api/*', () => {
    throw new AppError(404, 'not_found', 'No such API endpoint: check the path and method.');
  });
  app.route('/', staticApp(deps.config.staticDir));

  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(c, error);
    deps.log.error('request failed', { path: c.req.path, error: error.message, stack: error.stack });
    return errorResponse(c, new AppError(500, 'internal', 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.'));
  });

  return app;
}
