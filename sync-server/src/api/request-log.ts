// Gives every HTTP request an id and one log line when it ends. The id comes from a well-formed incoming
// X-Request-Id (a proxy's, so its logs and ours match) or is generated, is echoed in the X-Request-Id
// response header, and is on every line logged through c.get('log') while the request runs.
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.ts';
import type { AppEnv } from './request-context.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

const WELL_FORMED_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming id if it is short and harmless in logs and headers, else a fresh one. */
export function requestIdFor(incoming: string | undefined): string {
  return incoming !== undefined && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
}

/** API calls are logged at info; static files (the app shell, assets) only at debug, as they are many. */
const isApiPath = (path: string) => path.startsWith('/api/') || path === '/healthz';

export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = requestIdFor(c.req.header(REQUEST_ID_HEADER));
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    try {
      await next();
    } finally {
      c.header(REQUEST_ID_HEADER, requestId);
      const fields = { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started), requestId };
      if (isApiPath(c.req.path)) log.info('request', fields);
      else log.debug('request', fields);
    }
  };
}
