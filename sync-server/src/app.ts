// Builds the Hono app: security headers, the REST API mounted from the endpoint table (each route guarded
// by the access it declares), /healthz, and the built PWA. Importable by tests without listening.
import { Hono } from 'hono';
import { accountHandlers } from './api/account.ts';
import { adminAuditHandlers } from './api/admin-audit.ts';
import { adminRoleHandlers } from './api/admin-roles.ts';
import { adminUserHandlers } from './api/admin-users.ts';
import { authHandlers } from './api/auth.ts';
import { mountEndpoints } from './api/endpoint-router.ts';
import { AppError, errorResponse } from './api/errors.ts';
import { healthHandlers } from './api/health.ts';
import type { ApiDeps, AppEnv } from './api/request-context.ts';
import { securityHeaders } from './api/security-headers.ts';
import { staticApp } from './static-app.ts';

export type { ApiDeps as AppDeps };

export function createApp(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
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
  app.route('/', staticApp(deps.config.staticDir));

  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(c, error);
    deps.log.error('request failed', { path: c.req.path, error: error.message, stack: error.stack });
    return errorResponse(c, new AppError(500, 'internal', 'Something went wrong on the server. Try again; if it keeps happening, tell your administrator.'));
  });

  return app;
}
