// GET /healthz: 200 when the process is up and signed-in requests would be served, 503 with the reason
// otherwise. The probe is the session lookup itself (its named statement, on a pooled connection), not
// a bare `SELECT 1`: a database that answers trivial queries while every session lookup fails is down
// for every user.
import { randomBytes } from 'node:crypto';
import { lookupSession } from '../auth/sessions.ts';
import type { EndpointHandlers } from './endpoint-router.ts';
import type { ApiDeps } from './request-context.ts';

/** Longer than this, and a load balancer should send users elsewhere. */
const PROBE_TIMEOUT_MS = 2_000;

export function healthHandlers({ db, config }: ApiDeps): Pick<EndpointHandlers, 'GET /healthz'> {
  return {
    'GET /healthz': async (c) => {
      // A random cookie names no session: the lookup runs in full and finds nothing.
      const probe = lookupSession(db, randomBytes(32).toString('base64url'), config.sessionTtlMs).then(() => null);
      const problem = await withDeadline(probe, PROBE_TIMEOUT_MS).catch((error: Error) => error.message);
      if (problem) return c.json({ status: 'unavailable', database: problem }, 503);
      return c.json({ status: 'ok', database: 'ok' });
    },
  };
}

/** Resolves with null when `work` finished in time, with a reason when it did not. */
async function withDeadline(work: Promise<null>, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the session lookup did not answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
