// A database outage while clients keep editing: the server holds their updates, says so on /healthz and
// in the metrics, and stores them as soon as the database answers again — not when each room's back-off
// (up to 30 s) runs out — so a SIGKILL soon afterwards loses none, even with the clients gone for good.
// The outage is a TCP proxy between the server and Postgres that cuts and refuses connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docName } from '@workmate/sync-protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { metricsUrlOf, scrapeMetrics } from '../helpers/metrics.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { proxyFor, type ProxyLink, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { loadStoredDocs } from '../chaos/server-view.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

/** Long enough that the back-off alone would wait ~7 s more (retries 1, 3, 7, 15 s after the first failure). */
const OUTAGE_MS = 8_000;
/** The probe asks every 300 ms; measured 0.3–0.6 s. */
const STORED_WITHIN_MS = 3_000;
const TYPING_INTERVAL_MS = 25;
/** Each edit is a key in this map of the doc, so a missing one can be named. */
const EDITS = 'outageEdits';
// Two docs: every room holding updates must store them, not only the first.
const DOCS = ['org', docName({ kind: 'profile', employeeId: demoEmployeeId(6) })];

type Health = { status: string; unstored: { updates: number; oldestAgeMs: number } };

let database: TestDatabase;
let proxy: TcpProxy;
let link: ProxyLink;
let server: ServerProcess;
let metricsUrl: string;
const clients: NodeSyncClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  proxy = proxyFor(database.url);
  link = await proxy.link('server to Postgres');
  server = await startServerProcess({ DATABASE_URL: link.via(database.url), METRICS_PORT: '0', LOG_LEVEL: 'info' });
  metricsUrl = await metricsUrlOf(server);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop('SIGKILL');
  await proxy?.close();
  await database?.drop();
});

async function health(): Promise<{ httpStatus: number; body: Health }> {
  const res = await fetch(`${server.url}/healthz`);
  return { httpStatus: res.status, body: (await res.json()) as Health };
}

describe('a database outage', () => {
  it('stores the held updates within seconds of the database answering again, so a SIGKILL then loses none', async () => {
    const cookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
    const rooms = DOCS.map((name) => ({ name, editor: connectNodeClient(server.url, name, cookie), observer: connectNodeClient(server.url, name, cookie), made: [] as string[] }));
    clients.push(...rooms.flatMap((r) => [r.editor, r.observer]));
    await waitFor(() => clients.every((c) => c.provider.synced), { what: 'every client to sync' });

    let seq = 0;
    const typing = setInterval(() => {
      for (const room of rooms) {
        const id = `${room.name}#${seq}`;
        room.editor.doc.getMap(EDITS).set(id, seq);
        room.made.push(id);
      }
      seq++;
    }, TYPING_INTERVAL_MS);
    try {
      await waitFor(async () => (await scrapeMetrics(metricsUrl)).get('workmate_doc_updates_total') >= 20, { what: 'the first edits to reach the server' });

      link.setRefusing(true);
      link.cut();
      const cutAt = Date.now();
      // While the database is away, /healthz (503: its session probe fails) and the metrics say how many
      // updates wait and for how long.
      const during = await waitFor(
        async () => {
          const [{ httpStatus, body }, metrics] = await Promise.all([health(), scrapeMetrics(metricsUrl)]);
          const seen = {
            httpStatus,
            unstored: body.unstored,
            queueDepth: metrics.get('workmate_persistence_queue_depth'),
            oldestAgeSeconds: metrics.get('workmate_unstored_updates_oldest_age_seconds'),
          };
          return seen.unstored.oldestAgeMs >= 2_000 && seen.oldestAgeSeconds >= 2 ? seen : null;
        },
        { timeoutMs: OUTAGE_MS, intervalMs: 100, what: '/healthz and the metrics to report updates unstored for 2 s' },
      );
      expect(during.httpStatus).toBe(503);
      expect(during.unstored.updates).toBeGreaterThan(0);
      expect(during.queueDepth).toBeGreaterThan(0);
      await waitFor(() => Date.now() - cutAt >= OUTAGE_MS, { timeoutMs: OUTAGE_MS + 1_000, what: 'the outage to last its time' });
    } finally {
      clearInterval(typing);
      link.setRefusing(false);
    }
    const restoredAt = Date.now();

    // Every edit reached the server: its relays arrived at the observers.
    for (const { name, observer, made } of rooms) {
      await waitFor(() => made.every((id) => observer.doc.getMap(EDITS).has(id)), { what: `every edit of ${name} relayed by the server` });
    }
    const after = await waitFor(
      async () => {
        const [{ httpStatus, body }, metrics] = await Promise.all([health(), scrapeMetrics(metricsUrl)]);
        const drained = httpStatus === 200 && body.unstored.updates === 0 && metrics.get('workmate_persistence_queue_depth') === 0;
        return drained ? { body, oldestAgeSeconds: metrics.get('workmate_unstored_updates_oldest_age_seconds') } : null;
      },
      { timeoutMs: STORED_WITHIN_MS, intervalMs: 50, what: 'the held updates to be stored after the database came back' },
    );
    const storedAfterMs = Date.now() - restoredAt;
    console.log(`${rooms.reduce((n, r) => n + r.made.length, 0)} edits, ${OUTAGE_MS} ms outage: stored ${storedAfterMs} ms after the database came back`);
    expect(after.body.unstored.oldestAgeMs).toBe(0);
    expect(after.oldestAgeSeconds).toBe(0);

    // Gone for good: no client is left to send an edit again.
    for (const c of clients) c.destroy();
    expect(await server.stop('SIGKILL')).toBeNull();
    const stored = await loadStoredDocs(database.url, DOCS);
    for (const { name, made } of rooms) {
      const edits = stored.get(name)!.getMap(EDITS);
      expect(made.filter((id) => !edits.has(id)), `edits of ${name} missing from the database`).toEqual([]);
    }
  });
});
