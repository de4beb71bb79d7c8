// Mounts the REST API from the endpoint table in @workmate/sync-protocol: a route exists only if the
// table lists it, and before its handler runs the guard checks the origin (state-changing requests), the
// session and the permission the table names. Handlers are typed per endpoint key, so forgetting one is
// a compile error.
import type { Handler, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { hasPermission } from '@workmate/domain/access';
import { changesState, endpoints, splitEndpointKey, type EndpointKey } from '@workmate/sync-protocol';
import { SESSION_COOKIE, lookupSession } from '../auth/sessions.ts';
import { AppError, sessionRevoked, unauthorized } from './errors.ts';
import { originAllowed } from './origin-check.ts';
import type { ApiDeps, AppEnv } from './request-context.ts';

export type EndpointHandlers = { [K in EndpointKey]: Handler<AppEnv> };

export function mountEndpoints(app: Hono<AppEnv>, handlers: EndpointHandlers, { db, config }: ApiDeps): void {
  for (const key of Object.keys(endpoints) as EndpointKey[]) {
    const { method, path } = splitEndpointKey(key);
    const access = endpoints[key].access;
    app.on(method, path, async (c, next) => {
      if (changesState(method) && !originAllowed(c.req.header('origin'), c.req.header('host'), config.publicOrigin)) {
        throw new AppError(403, 'cross_origin', 'This request came from another site and was refused. Open Workmate OS directly and try again.');
      }
      if (access === 'public') {
        c.set('session', null);
        return next();
      }
      const lookup = await lookupSession(db, getCookie(c, SESSION_COOKIE), config.sessionTtlMs);
      if (!lookup.ok) throw lookup.end === 'revoked' ? sessionRevoked() : unauthorized();
      const session = { user: lookup.user, sessionId: lookup.sessionId };
      c.set('session', session);
      if (access !== 'session' && !access.some((permission) => hasPermission(session.user.permissions, permission))) {
        throw new AppError(403, 'forbidden', `This needs the permission ${access.join(' or ')}. Ask an administrator to grant it to one of your roles.`);
      }
      return next();
    }, handlers[key]);
  }
}
