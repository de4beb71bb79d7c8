// The Redis cluster bus when an instance loses Redis for a while: it tells its subscribers once it is back
// (they catch up on what they missed), and what it published meanwhile is sent once it is back — but
// coalesced, not as the Redis client's unbounded queue of every command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { RedisClusterBus } from '../../sync-server/src/cluster/redis-cluster-bus.ts';
import { createLogger, type Logger } from '../../sync-server/src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { requireTestRedis } from '../helpers/server-instances.ts';
import { createTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { waitFor } from '../helpers/wait-for.ts';

/** A silent logger that remembers every message, so the test can wait for what the bus reports. */
function recordingLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const silent = createLogger('silent');
  const record = (msg: string) => void messages.push(msg);
  return { ...silent, debug: record, info: record, warn: record, error: record, child: () => recordingLogger(), messages };
}

describe('Redis cluster bus while Redis is unreachable', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let proxy: TcpProxy;
  const buses: RedisClusterBus[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await proxy?.close();
    await pool?.end();
    await database?.drop();
  });

  it('tells its subscribers when it is back after the first outage, so they look for what they missed', async () => {
    const redisUrl = await requireTestRedis();
    proxy = createTcpProxy(Number(new URL(redisUrl).port || 6379), new URL(redisUrl).hostname);
    const link = await proxy.link('instance b');
    const b = await RedisClusterBus.start(link.via(redisUrl), pool, createLogger('silent'));
    buses.push(b);
    let reconnects = 0;
    b.subscribe({ reconnected: () => void reconnects++ });

    link.cut();
    await waitFor(() => reconnects === 1, { timeoutMs: 20_000, what: 'B reporting its first reconnect' });
  });

  it('sends only the latest doc pointer and every access change published during the outage, not each message', async () => {
    const redisUrl = await requireTestRedis();
    const link = await proxy.link('instance a');
    const logA = recordingLogger();
    const a = await RedisClusterBus.start(link.via(redisUrl), pool, logA);
    const b = await RedisClusterBus.start(redisUrl, pool, createLogger('silent'));
    buses.push(a, b);
    const heard: string[] = [];
    b.subscribe({
      docStored: ({ doc, position }) => void heard.push(`${doc}@${position}`),
      accessChanged: (change) => void heard.push(`${change.kind}`),
      awarenessChanged: ({ doc }) => void heard.push(`awareness ${doc}`),
    });

    a.publish('before', 1);
    await waitFor(() => heard.includes('before@1'), { what: 'B hearing A before the outage' });

    link.setRefusing(true);
    link.cut();
    await waitFor(() => logA.messages.includes('cluster bus (Redis) connection error'), { what: 'A noticing the outage' });
    a.publish('during', 2);
    a.publish('during', 3);
    a.publishAwareness('during', new Uint8Array([1, 2, 3]));
    a.publishAccessChange({ kind: 'role', roleKey: 'admin' });

    link.setRefusing(false);
    await waitFor(() => heard.includes('during@3') && heard.includes('role'), { timeoutMs: 20_000, what: 'B hearing what A held back' });
    a.publish('after', 4);
    await waitFor(() => heard.includes('after@4'), { what: 'B hearing A after the outage' });
    expect(heard).not.toContain('during@2');
    expect(heard).not.toContain('awareness during');
  });
});
