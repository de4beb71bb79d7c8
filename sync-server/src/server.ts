// Starts everything one server process runs — database (external or embedded), migrations, demo seed,
// HTTP + websocket on one port — and stops it again in the right order. main.ts and the tests call this.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type pg from 'pg';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { createPool } from './db/pool.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { PgDocStore } from './persistence/pg-doc-store.ts';
import { isEmpty, seedDemoCompany, type SeedResult } from './seed/seed-database.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { Rooms } from './sync/rooms.ts';
import { SocketRegistry } from './sync/socket-registry.ts';
import { attachSyncSockets } from './sync/socket-server.ts';

export type RunningServer = {
  url: string;
  port: number;
  db: pg.Pool;
  /** Set when this start seeded the demo company. */
  seed: SeedResult | null;
  /** Graceful stop: no new connections, pending doc writes flushed, sockets closed, database closed. */
  close(): Promise<void>;
};

/** Opens the configured database (or the embedded one), migrated. */
export async function openDatabase(config: Config, log: Logger) {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir });
  if (embedded) log.info('using the embedded database', { dataDir: config.dataDir });
  const db = createPool(config.databaseUrl ?? embedded!.url);
  try {
    const applied = await migrate(db);
    if (applied.length > 0) log.info('migrations applied', { applied });
  } catch (error) {
    await db.end();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    async close() {
      await db.end();
      await embedded?.stop();
    },
  };
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const database = await openDatabase(config, log);
  const { db } = database;
  const store = new PgDocStore(db, { compactAfter: config.compactAfterUpdates, log: (msg) => log.info(msg) });
  const seed = config.seedDemo && (await isEmpty(db)) ? await seedDemoCompany(db, store) : null;

  const rooms = new Rooms({ store, log, flushIntervalMs: config.flushIntervalMs });
  const registry = new SocketRegistry(db, log);
  const app = createApp({ db, config, log, throttle: new LoginThrottle(db), access: registry });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: config.host }) as Server;
  const sockets = attachSyncSockets(server, { db, rooms, registry, config, log });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      server.close();
      sockets.closeAll();
      await rooms.closeAll();
      await store.close();
      server.closeAllConnections();
      await database.close();
    })());

  return { url: `http://${host}:${port}`, port, db, seed, close };
}
