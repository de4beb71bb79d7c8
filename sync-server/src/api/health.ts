// GET /healthz: 200 when the process is up and the database answers, 503 with the reason otherwise.
import type { EndpointHandlers } from './endpoint-router.ts';
import type { ApiDeps } from './request-context.ts';

export function healthHandlers({ db }: ApiDeps): Pick<EndpointHandlers, 'GET /healthz'> {
  return {
    'GET /healthz': async (c) => {
      try {
        await db.query({ text: 'SELECT 1', rowMode: 'array' });
        return c.json({ status: 'ok', database: 'ok' });
      } catch (error) {
        return c.json({ status: 'unavailable', database: (error as Error).message }, 503);
      }
    },
  };
}
