// Several real server processes on one database, as a multi-instance deployment runs them: the first
// seeds the demo company, the others join the seeded database. Also: the Redis the Redis-bus tests use,
// and pointing a Node sync client at another instance (what a load balancer does after a failover).
import { createClient } from '@redis/client';
import type { NodeSyncClient } from './node-sync-client.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Starts `count` instances on `databaseUrl`, one after the other (only the first may seed). */
export async function startServerInstances(databaseUrl: string, count: number, env: Record<string, string> = {}): Promise<ServerProcess[]> {
  const instances: ServerProcess[] = [];
  for (let i = 0; i < count; i++) {
    instances.push(await startServerProcess({ DATABASE_URL: databaseUrl, SEED_DEMO: i === 0 ? 'true' : 'false', ...env }));
  }
  return instances;
}

/** Throws with what to do when the test Redis does not answer. */
export async function requireTestRedis(): Promise<string> {
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Cannot reach the test Redis at ${TEST_REDIS_URL} (${(error as Error).message}). Start it (redis-server --daemonize yes) ` +
        'or point TEST_REDIS_URL at one.',
    );
  } finally {
    if (client.isOpen) await client.close();
  }
  return TEST_REDIS_URL;
}

/** The client's next (re)connect goes to `instance` — what the proxy does once the old instance is gone. */
export function pointClientAt(client: NodeSyncClient, instance: ServerProcess): void {
  client.provider.serverUrl = instance.url.replace(/^http/, 'ws') + '/sync';
}
