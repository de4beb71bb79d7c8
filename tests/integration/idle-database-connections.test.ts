// The server keeps serving after its pool closed idle database connections and opened new ones — on the
// embedded database, where every connection is one shared backend session (named statements prepared by
// a closed connection live on), and on a real Postgres. The pool's idle timeout is made short through
// DATABASE_IDLE_TIMEOUT_MS; the metrics say when the pool has closed its connections.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { metricsUrlOf, scrapeMetrics } from '../helpers/metrics.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';

const IDLE_TIMEOUT_MS = 300;

type Mode = { name: string; env(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> };

const modes: Mode[] = [
  {
    name: 'the embedded database',
    async env() {
      const dataDir = await mkdtemp(join(tmpdir(), 'wm-idle-'));
      return { env: { DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'Postgres',
    async env() {
      const database: TestDatabase = await createTestDatabase();
      return { env: { DATABASE_URL: database.url }, cleanup: () => database.drop() };
    },
  },
];

describe.each(modes)('after the pool closed its idle connections, on $name', (mode) => {
  let server: ServerProcess;
  let metricsUrl: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const setup = await mode.env();
    cleanup = setup.cleanup;
    server = await startServerProcess({
      ...setup.env,
      DATABASE_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS),
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    });
    metricsUrl = await metricsUrlOf(server);
  });
  afterAll(async () => {
    await server?.stop();
    await cleanup?.();
  });

  const poolIdledOut = () =>
    waitFor(async () => (await scrapeMetrics(metricsUrl)).get('workmate_database_connections') === 0, {
      timeoutMs: 20_000,
      what: 'the pool to close its idle connections',
    });

  it('answers signed-in requests, /healthz and new sync sockets as before', async () => {
    const cookie = await signIn(server.url, 'admin@muster-gmbh.de', 'Muster-Demo-2026');
    const me = () => fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
    expect((await me()).status).toBe(200);

    for (let round = 0; round < 2; round++) {
      await poolIdledOut();
      // /healthz first: it takes the session lookup's path, so it must fail whenever signed-in requests would.
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect((await me()).status).toBe(200);

      await poolIdledOut();
      const client = connectNodeClient(server.url, 'org', cookie);
      try {
        await waitFor(() => client.provider.synced, { timeoutMs: 15_000, what: 'the org doc to sync after the idle period' });
        expect(client.doc.getMap('employees').size).toBeGreaterThan(0);
        expect(client.closes).toEqual([]);
      } finally {
        client.destroy();
      }
    }
    expect(server.output()).not.toMatch(/already exists/);
  });
});
