// The embedded database for installs without DATABASE_URL: PGlite (Postgres compiled to WebAssembly)
// persisted in the data directory and served on a Unix socket only this user may open, so the same `pg`
// code runs against it and no other local user or network peer can reach it.
import { chmod, link, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { POOL_MAX_PARAM, SHARED_SESSION_PARAM } from './pool.ts';

export type EmbeddedPostgres = {
  /** A postgres:// URL for createPool; it carries pool_max=1 and shared_session=1 (see below). */
  url: string;
  /** Stops serving and closes the database cleanly. Close the pool first. Safe to call twice. */
  stop(): Promise<void>;
};

export type EmbeddedPostgresOptions = {
  /** The server's data directory; the database lives in its `pglite` subdirectory. */
  dataDir?: string;
};

/*
 * Why pool_max=1: PGlite is one Postgres backend. pglite-socket shares it between connections by
 * queueing each wire-protocol *message* (Parse, Bind, Execute, Sync...), not each query; it only keeps
 * a connection's messages together while an explicit transaction is open. When a parameterised query's
 * messages arrive in more than one read (a large bytea parameter is enough), another connection's
 * Parse can run in between and replace the unnamed statement — the first query then binds its
 * parameters to the other query's statement and fails or, with the same parameter count, runs it.
 * One pooled connection has no one to interleave with; PGlite runs one query at a time anyway, so
 * nothing is lost. The socket server still accepts a few connections, so a pool replacing a dropped
 * connection is not refused (a backup taken while the server runs, or a psql session for debugging,
 * works too — keep those to unnamed statements and explicit transactions).
 *
 * Why shared_session=1: all connections are one backend session, so session state — named prepared
 * statements, settings, advisory locks, LISTEN — outlives the connection that made it. The pool starts
 * each new connection with DISCARD ALL (see pool.ts), as a real Postgres would have ended the old one.
 */
const SOCKET_MAX_CONNECTIONS = 4;
/** pg finds a Unix socket as `<host dir>/.s.PGSQL.<port>`; the port only names the file. */
const SOCKET_PORT = 5432;
/** sun_path holds 108 bytes with its terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
/** Written beside the database while it is served: where its socket is, for `npm run backup`. */
const SOCKET_POINTER_FILE = 'workmate.socket';

export async function startEmbeddedPostgres({ dataDir = './data' }: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const databaseDir = resolve(dataDir, 'pglite');
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  // PGlite writes its files readable (and writable) by everyone; the directory keeps other local users
  // out of them. mkdir leaves an existing directory's mode alone (a data directory from an older version).
  await chmod(databaseDir, 0o700);
  const releaseLock = await lockDataDir(databaseDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let socketDir: string | undefined;
  try {
    socketDir = await privateSocketDir(resolve(dataDir));
    const socketPath = join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
    // A socket file left by a killed server would make listening fail; the data directory lock is ours.
    await rm(socketPath, { force: true });
    db = await PGlite.create({ dataDir: databaseDir });
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: SOCKET_MAX_CONNECTIONS });
    await server.start();
    await chmod(socketPath, 0o600);
    await writeFile(join(databaseDir, SOCKET_POINTER_FILE), socketDir, { mode: 0o600 });
  } catch (error) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    await releaseLock();
    throw error;
  }
  const url = embeddedDatabaseUrl(socketDir);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await server.stop();
        // Closing shuts the backend down cleanly, which writes everything to the data directory.
        await db.close();
      } finally {
        await rm(join(databaseDir, SOCKET_POINTER_FILE), { force: true });
        await rm(join(socketDir, `.s.PGSQL.${SOCKET_PORT}`), { force: true });
        if (socketDir !== defaultSocketDir(resolve(dataDir))) await rm(socketDir, { recursive: true, force: true });
        await releaseLock();
      }
    })());
  return { url, stop };
}

/**
 * The URL of the embedded database a running server in `dataDir` serves, or null when no server holds
 * it (then open it with startEmbeddedPostgres). For tools run beside the server as the same user.
 */
export async function runningEmbeddedDatabaseUrl(dataDir: string): Promise<string | null> {
  const databaseDir = resolve(dataDir, 'pglite');
  const holder = Number(await readFile(join(databaseDir, 'workmate.lock'), 'utf8').catch(() => ''));
  if (!isRunningOtherProcess(holder)) return null;
  const socketDir = await readFile(join(databaseDir, SOCKET_POINTER_FILE), 'utf8').catch(() => null);
  return socketDir ? embeddedDatabaseUrl(socketDir) : null;
}

function embeddedDatabaseUrl(socketDir: string): string {
  const params = new URLSearchParams({ host: socketDir, port: String(SOCKET_PORT), [POOL_MAX_PARAM]: '1', [SHARED_SESSION_PARAM]: '1' });
  return `postgres://postgres@localhost/postgres?${params}`;
}

const defaultSocketDir = (dataDir: string) => join(dataDir, 'run');

/**
 * A directory only this user may enter, for the socket: `DATA_DIR/run`, or a fresh one in the system's
 * temp directory when that path would be too long for a socket address.
 */
async function privateSocketDir(dataDir: string): Promise<string> {
  const preferred = defaultSocketDir(dataDir);
  if (Buffer.byteLength(join(preferred, `.s.PGSQL.${SOCKET_PORT}`)) <= MAX_SOCKET_PATH_BYTES) {
    await mkdir(preferred, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing directory's mode alone.
    await chmod(preferred, 0o700);
    return preferred;
  }
  return mkdtemp(join(tmpdir(), 'workmate-db-'));
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
