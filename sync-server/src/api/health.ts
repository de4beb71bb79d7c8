// GET /healthz: 200 when the process is up and signed-in requests would be served, 503 with the reason
// otherwise. The probe is the session lookup itself (its named statement, on a pooled connection), not
// a bare `SELECT 1`: a database that answers trivial queries while every session lookup fails is down
// for every user. The body also says how many doc updates wait in memory, unstored, and for how long.
//
// Updates that have waited long do not make it answer 503. When the database is down, the session
// probe fails anyway. When it answers but writes keep failing, every instance shares the problem (one
// database), so a 503 would only take the whole service out of the load balancer; and an orchestrator
// that restarts unhealthy instances would throw away exactly the updates that wait. Alert on
// `unstored.oldestAgeMs` (or the metric workmate_unstored_updates_oldest_age_seconds) instead.
import { randomBytes } from 'node:crypto';
import { lookupSession } from '../auth/sessions.ts';
import type { EndpointHandlers } from './endpoint-router.ts';
import type { ApiDeps } from './request-context.ts';

/** Longer than this, and a load balancer should send users elsewhere. */
const PROBE_TIMEOUT_MS = 2_000;

export function healthHandlers({ db, config, unstored }: ApiDeps): Pick<EndpointHandlers, 'GET /healthz'> {
  return {
    'GET /healthz': async (c) => {
      // A random cookie names no session: the lookup runs in full and finds nothing.
      const probe = lookupSession(db, randomBytes(32).toString('base64url'), config.sessionTtlMs).then(() => null);
      const problem = await withDeadline(probe, PROBE_TIMEOUT_MS).catch((error: Error) => error.message);
      if (problem) return c.json({ status: 'unavailable', database: problem, unstored: unstored() }, 503);
      return c.json({ status: 'ok', database: 'ok', unstored: unstored() });
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
