// GET /healthz: 200 when the process is up and the database answers, 503 with the reason otherwise.
import { Hono } from 'hono';
import type pg from 'pg';

export function healthRoutes(db: pg.Pool) {
  return new Hono().get('/', async (c) => {
    try {
      await db.query({ text: 'SELECT 1', rowMode: 'array' });
      return c.json({ status: 'ok', database: 'ok' });
    } catch (error) {
      return c.json({ status: 'unavailable', database: (error as Error).message }, 503);
    }
  });
}
