// What every API handler may rely on: its dependencies, the caller's session (set by the endpoint guard)
// and the caller's IP address.
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { ResolvedSession } from '../auth/sessions.ts';
import type { AccessChanges } from '../auth/access-changes.ts';
import type { UnstoredUpdates } from '../sync/rooms.ts';
import { unauthorized } from './errors.ts';

export type ApiDeps = {
  db: pg.Pool;
  config: Config;
  log: Logger;
  throttle: LoginThrottle;
  access: AccessChanges;
  /** Doc updates held in memory, not yet stored (reported by /healthz). */
  unstored: () => UnstoredUpdates;
};

export type AppEnv = {
  Variables: {
    session: ResolvedSession | null;
    /** Set by requestLog for every request; echoed as X-Request-Id. */
    requestId: string;
    /** The app's logger with this request's id on every line. */
    log: Logger;
  };
};
export type AppContext = Context<AppEnv>;

/** The caller's session; the guard has already refused the request when an endpoint needs one. */
export function sessionOf(c: AppContext): ResolvedSession {
  const session = c.get('session');
  if (!session) throw unauthorized();
  return session;
}

/** The client's address; behind a proxy we trust (TRUST_PROXY), the first X-Forwarded-For entry. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return '';
  }
}
