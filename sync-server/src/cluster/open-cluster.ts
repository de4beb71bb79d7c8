// Chooses how this instance works with the others sharing its database: the embedded database serves one
// instance only (local bus, every writer lease is ours); with DATABASE_URL the fan-out goes through
// Postgres LISTEN/NOTIFY, or through Redis pub/sub when REDIS_URL is set. Writer leases are always
// Postgres advisory locks.
import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { singleConnectionUrl } from '../db/pool.ts';
import type { ClusterBus } from './cluster-bus.ts';
import { LocalDocLeases, PgDocLeases, type DocLeases } from './doc-leases.ts';
import { LocalClusterBus } from './local-cluster-bus.ts';
import { PgClusterBus } from './pg-cluster-bus.ts';
import { RedisClusterBus } from './redis-cluster-bus.ts';

export type Cluster = {
  bus: ClusterBus;
  leases: DocLeases;
  /** Which bus runs: for the start-up log. */
  mode: 'single instance' | 'postgres' | 'redis';
  close(): Promise<void>;
};

export async function openCluster(config: Pick<Config, 'databaseUrl' | 'redisUrl'>, db: pg.Pool, log: Logger): Promise<Cluster> {
  const { redisUrl } = config;
  if (!config.databaseUrl) {
    if (redisUrl) log.warn('REDIS_URL is ignored: the embedded database serves a single instance');
    return closing({ bus: new LocalClusterBus(), leases: new LocalDocLeases(), mode: 'single instance' });
  }
  const databaseUrl = singleConnectionUrl(config.databaseUrl);
  const bus = redisUrl ? await RedisClusterBus.start(redisUrl, db, log) : await PgClusterBus.start(databaseUrl, db, log);
  return closing({ bus, leases: new PgDocLeases(databaseUrl, log), mode: redisUrl ? 'redis' : 'postgres' });
}

function closing(parts: Omit<Cluster, 'close'>): Cluster {
  return {
    ...parts,
    async close() {
      await parts.bus.close();
      await parts.leases.close();
    },
  };
}
