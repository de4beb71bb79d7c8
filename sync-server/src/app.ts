// Builds the Hono app: security headers, the REST API mounted from the endpoint table (each route guarded
// by the access it declares), /healthz, and the built PWA. Importable by tests without listening.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { accountHandlers } from './api/account.ts';
import { adminAuditHandlers } from './api/admin-audit.ts';
import { adminRoleHandlers } from './api/admin-roles.ts';
import { adminUserHandlers } from './api/admin-users.ts';
import { authHandlers } from './api/auth.ts';
import { mountEndpoints } from './api/endpoint-router.ts';
import { AppError, errorResponse } from './api/errors.ts';
import { healthHandlers } from './api/health.ts';
import type { ApiDeps, AppEnv } from './api/request-context.ts';
import { requestLog } from './api/request-log.ts';
import { apiResponseHeaders } from './api/response-headers.ts';
import { securityHeaders } from './api/security-headers.ts';
import { staticApp } from './static-app.ts';

export type { ApiDeps as AppDeps };

const MAX_BODY_BYTES = 256 * 1024;

export function createApp(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requestLog(deps.log));
  app.use('/api/*', apiResponseHeaders());
  app.use('/healthz', apiResponseHeaders());
  // Our largest legitimate body (a role with every permission) is a few KiB; refuse big ones unread.
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError(413, 'body_too_large', `The request body is over ${MAX_BODY_BYTES / 1024} KiB: send less.`);
      },
    }),
  );
  app.use('*', securityHeaders({ staticDir: deps.config.staticDir, publicOrigin: deps.config.publicOrigin }));

  mountEndpoints(
    app,
    {
      ...healthHandlers(deps),
      ...authHandlers(deps),
      ...accountHandlers(deps),
      ...adminUserHandlers(deps),
      ...adminRoleHandlers(deps),
      ...adminAuditHandlers(deps),
    },
    deps,
  );
  app.all('/api/*', () => {
    throw new AppError(404, 'not_found', 'No such API endpoint: check the path and method.');
  });
  // Not the SPA fallback: a scraper pointed at the app port must see that metrics are elsewhere.
  app.all('/metrics', () => {
    throw new AppError(404, 'not_found', 'Metrics are served on their own port: set METRICS_PORT and scrape that.');
  });
  app.route('/', staticApp(deps.config.staticDir));

  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(c, error);
    (c.get('log') ?? deps.log).error('request failed', { path: c.req.path, error: error.message, stack: error.stack });
    return errorResponse(c, new AppError(500, 'internal', 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.'));
  });

  return app;
}
