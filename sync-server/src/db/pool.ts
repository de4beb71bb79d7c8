// The one Postgres connection pool a server process shares: opening it, asking whether the database
// answers (for /healthz), and running a transaction on it.
import pg from 'pg';
import { createLogger, type Logger } from '../logger.ts';

/**
 * A `pool_max=N` query parameter on a database URL caps the pool at N connections. The embedded
 * database's URL carries `pool_max=1` because its socket server cannot serve two busy connections
 * safely (see embedded.ts). createPool strips the parameter before handing the URL to `pg`.
 */
export const POOL_MAX_PARAM = 'pool_max';
const DEFAULT_POOL_MAX = 10;

export type PoolOptions = {
  /** Where errors of idle connections go (a restarted database, a dropped network). */
  log?: Pick<Logger, 'error'>;
};

export function createPool(url: string, { log = createLogger('error') }: PoolOptions = {}): pg.Pool {
  const { connectionString, max } = splitPoolMax(url);
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    // No request should hold a connection longer than this; migrations lift it for themselves.
    // PGlite ignores it (it has no timers to cancel a statement with).
    statement_timeout: 30_000,
    application_name: 'workmate-sync-server',
  });
  // Without a listener, an error on an idle connection (database restarted, network gone) is an
  // uncaught exception that ends the process; the pool drops that connection and opens a new one.
  pool.on('error', (error) => log.error('idle database connection failed; the pool will reconnect', { error: error.message }));
  return pool;
}

function splitPoolMax(url: string): { connectionString: string; max: number } {
  const parsed = new URL(url);
  const raw = parsed.searchParams.get(POOL_MAX_PARAM);
  if (raw === null) return { connectionString: url, max: DEFAULT_POOL_MAX };
  const max = Number(raw);
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(`The database URL has ${POOL_MAX_PARAM}=${raw}; set it to a whole number of connections of at least 1, or remove it.`);
  }
  parsed.searchParams.delete(POOL_MAX_PARAM);
  return { connectionString: parsed.toString(), max };
}

/** The URL for a single `pg.Client` (a dedicated connection): without the pool's own options. */
export function singleConnectionUrl(url: string): string {
  return splitPoolMax(url).connectionString;
}

export type DatabaseHealth = { ok: true } | { ok: false; reason: string };

/** Whether the database answers a trivial query within `timeoutMs` (also while every connection is busy). */
export async function checkDatabase(pool: pg.Pool, timeoutMs = 2_000): Promise<DatabaseHealth> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<DatabaseHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `the database did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const probe = pool.query({ text: 'SELECT 1', rowMode: 'array' }).then(
    (): DatabaseHealth => ({ ok: true }),
    (error: Error): DatabaseHealth => ({ ok: false, reason: error.message }),
  );
  try {
    return await Promise.race([probe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Given the
 * pool, it borrows a connection for the transaction; given a connection, it uses that one.
 */
export async function inTransaction<T>(db: pg.Pool | pg.PoolClient, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = db instanceof pg.Pool ? await db.connect() : db;
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      // The connection is unusable; tell the pool to discard it instead of lending it out again.
      broken = rollbackError as Error;
    }
    throw error;
  } finally {
    if (client !== db) client.release(broken);
  }
}
