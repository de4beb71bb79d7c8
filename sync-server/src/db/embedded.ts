// The embedded database for installs without DATABASE_URL: PGlite (Postgres compiled to WebAssembly)
// persisted in the data directory and served on a local port, so the same `pg` code runs against it.
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { POOL_MAX_PARAM } from './pool.ts';

export type EmbeddedPostgres = {
  /** A postgres:// URL for createPool; it carries pool_max=1 (see below). */
  url: string;
  /** Stops serving and closes the database cleanly. Close the pool first. Safe to call twice. */
  stop(): Promise<void>;
};

export type EmbeddedPostgresOptions = {
  /** The server's data directory; the database lives in its `pglite` subdirectory. */
  dataDir?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
};

/*
 * Why pool_max=1: PGlite is one Postgres backend. pglite-socket shares it between connections by
 * queueing each wire-protocol *message* (Parse, Bind, Execute, Sync...), not each query; it only keeps
 * a connection's messages together while an explicit transaction is open. When a parameterised query's
 * messages arrive in more than one TCP read (a large bytea parameter is enough), another connection's
 * Parse can run in between and replace the unnamed statement — the first query then binds its
 * parameters to the other query's statement and fails or, with the same parameter count, runs it.
 * One pooled connection has no one to interleave with; PGlite runs one query at a time anyway, so
 * nothing is lost. The socket server still accepts a few connections, so a pool replacing a dropped
 * connection is not refused (a psql session for debugging works too, but keep it to small queries).
 * All connections are one session, so session state — advisory locks included — is shared by them.
 */
const SOCKET_MAX_CONNECTIONS = 4;

export async function startEmbeddedPostgres({ dataDir = './data', port = 0 }: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const databaseDir = resolve(dataDir, 'pglite');
  await mkdir(databaseDir, { recursive: true });
  const releaseLock = await lockDataDir(databaseDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create({ dataDir: databaseDir });
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: SOCKET_MAX_CONNECTIONS });
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    await releaseLock();
    throw error;
  }
  const [host, boundPort] = splitHostPort(server.getServerConn());
  const url = `postgres://postgres@${host}:${boundPort}/postgres?${POOL_MAX_PARAM}=1`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await server.stop();
        // Closing shuts the backend down cleanly, which writes everything to the data directory.
        await db.close();
      } finally {
        await releaseLock();
      }
    })());
  return { url, stop };
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

/** Database directories this process has open; the lock file's pid cannot tell them apart. */
const openHere = new Set<string>();

/*
 * PGlite does not notice a second process opening the same directory, and two would corrupt it. A lock
 * file holding our process id catches the usual mistake (a second server, or `npm run seed`, on a data
 * directory a running server holds). A lock left by a process that no longer runs is taken over.
 * Returns the function that releases the lock.
 */
async function lockDataDir(databaseDir: string): Promise<() => Promise<void>> {
  if (openHere.has(databaseDir)) {
    throw new Error(`The embedded database in ${databaseDir} is already open in this process; stop it before starting it again.`);
  }
  openHere.add(databaseDir);
  const lockFile = join(databaseDir, 'workmate.lock');
  try {
    await createLockFile(lockFile, databaseDir);
  } catch (error) {
    openHere.delete(databaseDir);
    throw error;
  }
  return async () => {
    await rm(lockFile, { force: true });
    openHere.delete(databaseDir);
  };
}

async function createLockFile(lockFile: string, databaseDir: string): Promise<void> {
  // Written aside and hard-linked into place, so nobody ever reads a lock file without its pid.
  const draft = `${lockFile}.${process.pid}`;
  await writeFile(draft, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, lockFile);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
        if (isRunningOtherProcess(holder)) {
          throw new Error(
            `The embedded database in ${databaseDir} is in use by process ${holder}. Stop that server first, ` +
              'or give this one its own DATA_DIR.',
          );
        }
        await rm(lockFile, { force: true });
      }
    }
    throw new Error(`Could not lock ${lockFile}: another server keeps taking it. Stop the other server and start again.`);
  } finally {
    await rm(draft, { force: true });
  }
}

function isRunningOtherProcess(pid: number): boolean {
  // A container restarts the server with the same pid, so our own pid in the file is a stale lock
  // (directories open in this process are caught by openHere before).
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
