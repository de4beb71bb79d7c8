// The server's configuration, read from the environment once at start-up. A bad variable stops the
// server with a message naming the variable and what it expects (see .env.example for every variable).
import { join } from 'node:path';
import { z } from 'zod';

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int(`must be a whole number between ${min} and ${max}`).min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: integer(3000, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL, or unset to use the embedded database' })
    .optional(),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, message: 'must be a redis:// URL, or unset to fan out through Postgres' })
    .optional(),
  DATABASE_IDLE_TIMEOUT_MS: integer(30_000, 0, 3_600_000),
  DATA_DIR: z.string().min(1).default('./data'),
  STATIC_DIR: z.string().min(1).default('./build'),
  PUBLIC_ORIGIN: z.url({ message: 'must be the URL users open, e.g. https://workmate.example.de' }).optional(),
  SESSION_TTL_DAYS: integer(30, 1, 365),
  MAX_FRAME_BYTES: integer(10 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  FLUSH_INTERVAL_MS: integer(200, 0, 10_000),
  CLUSTER_FLUSH_INTERVAL_MS: integer(0, 0, 10_000),
  COMPACT_AFTER_UPDATES: integer(500, 10, 1_000_000),
  SEED_DEMO: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  TRUST_PROXY: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  METRICS_PORT: z.coerce.number().int('must be a whole number between 0 and 65535').min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  BACKUP_KEEP: integer(14, 0, 10_000),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_FIRST_DELAY_MS: integer(60_000, 0, 24 * 60 * 60 * 1000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { message: 'must be one of debug, info, warn, error, silent' }).default('info'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Set: the instances sharing the database tell each other about changes through Redis pub/sub. */
  redisUrl: string | undefined;
  /** How long a pooled database connection may sit idle before the pool closes it (0 = never). */
  databaseIdleTimeoutMs: number;
  dataDir: string;
  staticDir: string;
  publicOrigin: string | undefined;
  sessionTtlMs: number;
  maxFrameBytes: number;
  flushIntervalMs: number;
  /** Flush interval of a doc open on another instance too (its clients see edits from here once stored). */
  clusterFlushIntervalMs: number;
  compactAfterUpdates: number;
  seedDemo: boolean;
  /** Behind a reverse proxy (Caddy): take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Port of the Prometheus /metrics listener (0 = any free port); undefined = no metrics listener. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** Daily backups of the embedded database to keep (0 = no daily backups). */
  backupKeep: number;
  /** Where daily backups and `npm run backup` write (default DATA_DIR/backups). */
  backupDir: string;
  /** Tests only: how soon after start the first daily backup is taken (default a minute). */
  backupFirstDelayMs: number;
};

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset, as shells and .env files often leave `VAR=`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message} (got "${env[String(issue.path[0])]}")`);
    throw new ConfigError(`Invalid configuration — fix these environment variables:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    databaseIdleTimeoutMs: e.DATABASE_IDLE_TIMEOUT_MS,
    dataDir: e.DATA_DIR,
    staticDir: e.STATIC_DIR,
    publicOrigin: e.PUBLIC_ORIGIN?.replace(/\/$/, ''),
    sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 60 * 60 * 1000,
    maxFrameBytes: e.MAX_FRAME_BYTES,
    flushIntervalMs: e.FLUSH_INTERVAL_MS,
    clusterFlushIntervalMs: e.CLUSTER_FLUSH_INTERVAL_MS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    seedDemo: e.SEED_DEMO === 'true',
    trustProxy: e.TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    backupKeep: e.BACKUP_KEEP,
    backupDir: e.BACKUP_DIR ?? join(e.DATA_DIR, 'backups'),
    backupFirstDelayMs: e.BACKUP_FIRST_DELAY_MS,
  };
}
