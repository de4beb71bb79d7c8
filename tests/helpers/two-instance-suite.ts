// The set-up the multi-instance test files share: a fresh database, two server instances on it that
// fan out through Postgres or Redis, the demo admin's session, a pool for looking at the tables, and
// sync clients that are closed after each test. Call once per describe block.
import pg from 'pg';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { signIn, type ServerProcess } from './server-process.ts';
import { requireTestRedis, startServerInstances } from './server-instances.ts';
import { waitFor } from './wait-for.ts';
import { connectWatchedClient, type WatchedSyncClient } from './watched-sync-client.ts';

export type ClusterBusKind = 'postgres' | 'redis';

export type TwoInstances = {
  readonly a: ServerProcess;
  readonly b: ServerProcess;
  readonly databaseUrl: string;
  readonly db: pg.Pool;
  /** The demo admin's session cookie, signed in on instance A. */
  readonly adminCookie: string;
  /** A sync client on `instance`, destroyed after the running test. */
  connect(instance: ServerProcess, doc?: string, cookie?: string): WatchedSyncClient;
  /** Waits until every client in `list` is connected and synced. */
  allSynced(list: WatchedSyncClient[], timeoutMs: number): Promise<void>;
  /** One more instance on the same bus (and `databaseUrl`, e.g. through a proxy), stopped after the file. */
  startAnother(env?: Record<string, string>, databaseUrl?: string): Promise<ServerProcess>;
};

const ADMIN = 'admin@muster-gmbh.de';

export function useTwoInstances(bus: ClusterBusKind, env: Record<string, string> = {}): TwoInstances {
  let database: TestDatabase | undefined;
  let instances: ServerProcess[] = [];
  let db: pg.Pool | undefined;
  let adminCookie: string | undefined;
  let busEnv: Record<string, string> = {};
  const clients: WatchedSyncClient[] = [];

  beforeAll(async () => {
    busEnv = bus === 'redis' ? { REDIS_URL: await requireTestRedis() } : {};
    database = await createTestDatabase();
    instances = await startServerInstances(database.url, 2, { ...busEnv, ...env });
    adminCookie = await signIn(instances[0]!.url, ADMIN, DEMO_PASSWORD);
    db = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await db?.end();
    await database?.drop();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use the suite inside tests and hooks, not at load time`);
    return value;
  };
  return {
    get a() {
      return started(instances[0], 'instance A');
    },
    get b() {
      return started(instances[1], 'instance B');
    },
    get databaseUrl() {
      return started(database, 'the database').url;
    },
    get db() {
      return started(db, 'the database pool');
    },
    get adminCookie() {
      return started(adminCookie, 'the admin session');
    },
    connect(instance, doc = 'org', cookie = started(adminCookie, 'the admin session')) {
      const client = connectWatchedClient(instance.url, doc, cookie);
      clients.push(client);
      return client;
    },
    async allSynced(list, timeoutMs) {
      await waitFor(() => list.every((c) => c.provider.synced && c.provider.wsconnected), { timeoutMs, what: 'clients to sync' });
    },
    async startAnother(extraEnv = {}, databaseUrl = started(database, 'the database').url) {
      const [instance] = await startServerInstances(databaseUrl, 1, { ...busEnv, ...env, ...extraEnv, SEED_DEMO: 'false' });
      instances.push(instance!);
      return instance!;
    },
  };
}
