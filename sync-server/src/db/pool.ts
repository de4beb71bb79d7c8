// The one Postgres connection pool a server process shares: opening it, and running a transaction on it.
import pg from 'pg';
import { createLogger, type Logger } from '../logger.ts';

/**
 * A `pool_max=N` query parameter on a database URL caps the pool at N connections. The embedded
 * database's URL carries `pool_max=1` because its socket server cannot serve two busy connections
 * safely (see embedded.ts). createPool strips the parameter before handing the URL to `pg`.
 */
export const POOL_MAX_PARAM = 'pool_max';
/**
 * `shared_session=1` on a database URL says that every connection to it is the same backend session
 * (the embedded database, see embedded.ts): what a closed connection left in the session — named
 * prepared statements above all — outlives it. createPool then starts each new connection with
 * `DISCARD ALL`, which is what a real Postgres does when a connection ends.
 */
export const SHARED_SESSION_PARAM = 'shared_session';
const DEFAULT_POOL_MAX = 10;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

export type PoolOptions = {
  /** Where errors of idle connections go (a restarted database, a dropped network). */
  log?: Pick<Logger, 'error'>;
  /** How long a connection may sit idle before the pool closes it; 0 = never (DATABASE_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
};

export function createPool(url: string, { log = createLogger('error'), idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS }: PoolOptions = {}): pg.Pool {
  const { connectionString, max, sharedSession } = splitPoolParams(url);
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: idleTimeoutMs,
    connectionTimeoutMillis: 10_000,
    // No request should hold a connection longer than this; migrations lift it for themselves.
    // PGlite ignores it (it has no timers to cancel a statement with).
    statement_timeout: 30_000,
    application_name: 'workmate-sync-server',
    // Runs on each new connection before the pool lends it out; a failure ends the connection and fails
    // the request for it. (Typed as returning void, but pg-pool awaits what it returns.)
    onConnect: (async (client: pg.ClientBase) => {
      // The pool listens for errors only while a connection is idle. One that breaks while lent out (a
      // reset network, a restarted database, mid-transaction) would emit 'error' with nobody listening,
      // which ends the process — and with it every update the rooms hold unstored. Its query fails
      // anyway, and the pool drops a connection that is no longer usable when it comes back.
      client.on('error', (error) => log.error('database connection failed; the pool replaces it', { error: error.message }));
      if (sharedSession) await client.query('DISCARD ALL');
    }) as (client: pg.ClientBase) => void,
  });
  // Without a listener, an error on an idle connection (database restarted, network gone) is an
  // uncaught exception that ends the process; the pool drops that connection and opens a new one.
  pool.on('error', (error) => log.error('idle database connection failed; the pool will reconnect', { error: error.message }));
  return pool;
}

function splitPoolParams(url: string): { connectionString: string; max: number; sharedSession: boolean } {
  const parsed = new URL(url);
  const rawMax = parsed.searchParams.get(POOL_MAX_PARAM);
  const sharedSession = parsed.searchParams.get(SHARED_SESSION_PARAM) === '1';
  parsed.searchParams.delete(POOL_MAX_PARAM);
  parsed.searchParams.delete(SHARED_SESSION_PARAM);
  const connectionString = rawMax === null && !sharedSession ? url : parsed.toString();
  if (rawMax === null) return { connectionString, max: DEFAULT_POOL_MAX, sharedSession };
  const max = Number(rawMax);
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(`The database URL has ${POOL_MAX_PARAM}=${rawMax}; set it to a whole number of connections of at least 1, or remove it.`);
  }
  return { connectionString, max, sharedSession };
}

/** The URL for a single `pg.Client` (a dedicated connection): without the pool's own options. */
export function singleConnectionUrl(url: string): string {
  return splitPoolParams(url).connectionString;
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
