// Observability of the real server process: Prometheus metrics on their own port that move with sockets,
// docs, edits, stored bytes and compactions; a request id on every HTTP answer and log line; a
// connection id on every log line about a sync socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgDoc } from '@workmate/sync-protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { metricsUrlOf, scrapeMetrics } from '../helpers/metrics.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

let database: TestDatabase;
let server: ServerProcess;
let metricsUrl: string;
let adminCookie: string;
const clients: NodeSyncClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({
    DATABASE_URL: database.url,
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    // Small, so a handful of edits triggers a compaction.
    COMPACT_AFTER_UPDATES: '10',
    FLUSH_INTERVAL_MS: '0',
  });
  metricsUrl = await metricsUrlOf(server);
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  await database?.drop();
});

async function syncedClient(): Promise<NodeSyncClient> {
  const c = connectNodeClient(server.url, 'org', adminCookie);
  clients.push(c);
  await waitFor(() => c.provider.synced, { what: 'the client to sync' });
  return c;
}

/** Every JSON line the server logged so far (the demo banner and other plain lines are skipped). */
function logLines(): Array<Record<string, unknown>> {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('metrics', () => {
  it('serves Prometheus text on the metrics port and nothing on the app port', async () => {
    expect(new URL(metricsUrl).port).not.toBe(String(server.port));
    const res = await fetch(metricsUrl);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = await scrapeMetrics(metricsUrl);
    expect(metrics.text).toContain('# TYPE workmate_doc_updates_total counter');
    expect(metrics.get('process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(metrics.get('workmate_persistence_queue_depth')).toBeGreaterThanOrEqual(0);

    const onAppPort = await fetch(`${server.url}/metrics`);
    expect(onAppPort.status).toBe(404);
    expect((await onAppPort.json()) as unknown).toMatchObject({ error: { message: expect.stringContaining('METRICS_PORT') } });
    expect((await fetch(new URL('/other', metricsUrl))).status).toBe(404);
  });

  it('counts sockets, open docs, updates, stored bytes, flushes and compactions as clients edit', async () => {
    const before = await scrapeMetrics(metricsUrl);
    const a = await syncedClient();
    const b = await syncedClient();
    const during = await scrapeMetrics(metricsUrl);
    expect(during.get('workmate_connected_sockets')).toBeGreaterThanOrEqual(before.get('workmate_connected_sockets') + 2);
    expect(during.get('workmate_open_docs')).toBeGreaterThanOrEqual(1);

    // One edit at a time, each waited for until stored, so each lands in a row of its own; keep going
    // until the update log has grown past COMPACT_AFTER_UPDATES and a compaction ran.
    const id = orgDoc.listEmployees(a.doc)[0]!.id;
    let edits = 0;
    let now = during;
    while (now.get('workmate_compaction_runs_total') === before.get('workmate_compaction_runs_total')) {
      if (edits >= 60) throw new Error(`no compaction after ${edits} stored edits:\n${now.text}`);
      const phone = `+49 30 ${1000 + edits}`;
      a.doc.transact(() => orgDoc.setEmployeeField(a.doc, id, 'phone', phone, new Date().toISOString()));
      edits++;
      const storedBefore = now.get('workmate_stored_update_bytes_total');
      now = await waitFor(async () => {
        const m = await scrapeMetrics(metricsUrl);
        return m.get('workmate_stored_update_bytes_total') > storedBefore ? m : null;
      }, { what: `edit ${edits} to be stored` });
    }
    await waitFor(() => orgDoc.readEmployee(orgDoc.employeesOf(b.doc).get(id)!).phone === `+49 30 ${1000 + edits - 1}`, {
      what: 'the other client to see the last edit',
    });

    expect(edits).toBeGreaterThan(0);
    expect(now.get('workmate_doc_updates_total') - before.get('workmate_doc_updates_total')).toBeGreaterThanOrEqual(edits);
    expect(now.get('workmate_stored_update_bytes_total')).toBeGreaterThan(before.get('workmate_stored_update_bytes_total'));
    expect(now.get('workmate_flush_duration_seconds_count') - before.get('workmate_flush_duration_seconds_count')).toBeGreaterThanOrEqual(edits);
    expect(now.get('workmate_flush_duration_seconds_sum')).toBeGreaterThan(0);
    expect(now.get('workmate_flush_duration_seconds_bucket{le="+Inf"}')).toBe(now.get('workmate_flush_duration_seconds_count'));
    expect(now.get('workmate_compaction_failures_total')).toBe(0);
    expect(now.get('workmate_flush_failures_total')).toBe(0);
    await waitFor(async () => (await scrapeMetrics(metricsUrl)).get('workmate_persistence_queue_depth') === 0, {
      what: 'the persistence queue to drain',
    });

    a.destroy();
    b.destroy();
    await waitFor(async () => {
      const after = await scrapeMetrics(metricsUrl);
      return after.get('workmate_connected_sockets') === before.get('workmate_connected_sockets') && after.get('workmate_open_docs') === 0;
    }, { what: 'sockets and open docs to go back down' });
  });
});

describe('request and connection ids', () => {
  it('echoes a well-formed X-Request-Id and logs the request with it', async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'trace-42.a_b' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('trace-42.a_b');
    const line = await waitFor(() => logLines().find((l) => l.msg === 'request' && l.requestId === 'trace-42.a_b'), {
      what: 'the request log line',
    });
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/healthz', status: 200 });
    expect(typeof line.ms).toBe('number');
  });

  it('generates an id when none or a malformed one comes in, also on error answers', async () => {
    const none = await fetch(`${server.url}/api/auth/me`);
    expect(none.status).toBe(401);
    const generated = none.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await fetch(`${server.url}/api/auth/me`, { headers: { 'x-request-id': 'x'.repeat(65) } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => logLines().some((l) => l.requestId === generated && l.status === 401 && l.path === '/api/auth/me'), {
      what: 'the 401 request log line',
    });
  });

  it('puts the connection id on every log line about a sync socket', async () => {
    const c = await syncedClient();
    c.destroy();
    const joined = await waitFor(() => logLines().filter((l) => l.msg === 'sync socket joined').at(-1), { what: 'the join line' });
    expect(typeof joined.conn).toBe('number');
    await waitFor(() => logLines().some((l) => l.msg === 'sync socket closed' && l.conn === joined.conn), { what: 'the close line' });
  });

  it('writes only JSON lines with a time and a level', () => {
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line).toMatchObject({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) });
  });
});
