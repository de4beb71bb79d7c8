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
import type { SeedResult } from './seed/seed-database.ts';
import { seedDemoCompanyIfEmpty } from './seed/seed-once.ts';
import { LoginThrottle } from './auth/login-throttle.ts';
import { Rooms } from './sync/rooms.ts';
import { SocketRegistry } from './sync/socket-registry.ts';
import { attachSyncSockets, type SyncSockets } from './sync/socket-server.ts';
import { openCluster } from './cluster/open-cluster.ts';
import { ClusterAccessChanges } from './cluster/cluster-access-changes.ts';
import { createSyncMetrics } from './observability/sync-metrics.ts';
import { registerAuthMetrics } from './observability/auth-metrics.ts';
import { startMetricsServer, type MetricsServer } from './observability/metrics-server.ts';
import { StartupError } from './startup-error.ts';
import { startDailyBackups } from './backup/backup-schedule.ts';

export type RunningServer = {
  url: string;
  port: number;
  db: pg.Pool;
  /** Set when this start seeded the demo company. */
  seed: SeedResult | null;
  /** URL of GET /metrics on its own port when METRICS_PORT is set, else null. */
  metricsUrl: string | null;
  /**
   * Graceful stop (a rolling restart's drain): no new connections, pending doc writes flushed, sockets
   * closed with "going away" so clients reconnect to another instance, database closed.
   */
  close(): Promise<void>;
};

/** Opens the configured database (or the embedded one), migrated. */
export async function openDatabase(config: Config, log: Logger) {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir });
  if (embedded) log.info('using the embedded database', { dataDir: config.dataDir });
  const db = createPool(config.databaseUrl ?? embedded!.url, { log, idleTimeoutMs: config.databaseIdleTimeoutMs });
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
  // The gauges read rooms and sockets when scraped, by which time both exist.
  let sockets: SyncSockets | undefined;
  const metrics = createSyncMetrics({
    connectedSockets: () => sockets?.count ?? 0,
    openDocs: () => rooms.names.length,
    queueDepth: () => rooms.pendingUpdates,
    oldestUnstoredAgeSeconds: () => rooms.unstoredUpdates.oldestAgeMs / 1000,
    databaseConnections: () => db.totalCount,
  });
  registerAuthMetrics(metrics.registry);
  const store = new PgDocStore(db, { compactAfter: config.compactAfterUpdates, log: (msg) => log.info(msg), metrics });
  const seed = config.seedDemo ? await seedDemoCompanyIfEmpty(db, store, config.databaseUrl) : null;

  const cluster = await openCluster(config, db, log).catch(async (error: Error) => {
    await database.close();
    throw error;
  });
  log.info('cluster fan-out', { mode: cluster.mode });
  const rooms = new Rooms({ store, log, flushIntervalMs: config.flushIntervalMs, clusterFlushIntervalMs: config.clusterFlushIntervalMs, bus: cluster.bus, leases: cluster.leases, metrics, pingDatabase: () => db.query('SELECT 1') });
  const registry = new SocketRegistry(db, log);
  const access = new ClusterAccessChanges(registry, cluster.bus, db, log);
  const app = createApp({ db, config, log, throttle: new LoginThrottle(db), access, unstored: () => rooms.unstoredUpdates });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: config.host }) as Server;
  sockets = attachSyncSockets(server, { db, rooms, registry, config, log });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  }).catch(async (error: NodeJS.ErrnoException) => {
    // Everything behind the port is running already: stop it, or the process would hold the database.
    sockets!.closeAll();
    await rooms.closeAll();
    access.stop();
    await cluster.close();
    await store.close();
    await database.close();
    throw new StartupError(
      `Cannot listen on ${config.host}:${config.port} (PORT/HOST: ${error.code === 'EADDRINUSE' ? 'the port is in use by another program' : error.message}). ` +
        'Stop the other program, or choose another PORT.',
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let metricsServer: MetricsServer | null = null;
  // The embedded database has nobody else to back it up (with DATABASE_URL, its operator does).
  const backups = config.databaseUrl ? null : startDailyBackups(db, config, log);

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      server.close();
      server.closeIdleConnections();
      await metricsServer?.close();
      await backups?.stop();
      // Store what is pending before the clients leave, so the instance they reconnect to loads it.
      await rooms.flushAll();
      sockets!.closeAll();
      await rooms.closeAll();
      access.stop();
      await cluster.close();
      await store.close();
      server.closeAllConnections();
      await database.close();
    })());

  if (config.metricsPort !== undefined) {
    const { metricsPort, metricsHost } = config;
    metricsServer = await startMetricsServer(metrics.registry, { port: metricsPort, host: metricsHost }).catch(async (error: Error) => {
      // Everything else is running already: stop it, or the process would hold the app port and the database.
      await close();
      throw new StartupError(`Cannot serve metrics on ${metricsHost}:${metricsPort} (METRICS_HOST/METRICS_PORT: ${error.message}). Free that port, or choose another METRICS_PORT.`);
    });
    log.info(`metrics on ${metricsServer.url}`, { metricsUrl: metricsServer.url });
  }

  return { url: `http://${host}:${port}`, port, db, seed, metricsUrl: metricsServer?.url ?? null, close };
}
