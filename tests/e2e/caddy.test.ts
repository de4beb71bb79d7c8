// The production topology without containers: the real Caddyfile (Debian's Caddy, `tls internal`) on
// loopback in front of two of our server processes sharing one Postgres. Load balancing with health
// checks and doc affinity, wss sync through Caddy, an instance killed or drained mid-edit without losing
// anything, and a browser over https that sees a colleague's edit made through the other instance.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { orgDoc } from '@workmate/sync-protocol';
import { collectErrors, launchBrowser, signInInBrowser } from '../helpers/browser.ts';
import { freeCaddyPorts, startCaddy, type CaddyProcess, type UpstreamState } from '../helpers/caddy-process.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { runsWith } from '../helpers/system-tool.ts';
import { connectTlsClient } from '../helpers/tls-sync-client.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, demoEmployeeCount, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

// Without caddy these tests are skipped on a developer machine and fail in CI (tests/helpers/system-tool.ts).
const withCaddy = runsWith('caddy');

const ADMIN = 'admin@muster-gmbh.de';
const COLLEAGUE = 'chefin@muster-gmbh.de';

let database: TestDatabase;
let caddy: CaddyProcess;
let servers: ServerProcess[] = [];
let adminCookie: string;
/** Clients and browser contexts of the running test; closed after it so they never count in the next one. */
let clients: NodeSyncClient[] = [];
let contexts: BrowserContext[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const ports = await freeCaddyPorts();
  const env = { DATABASE_URL: database.url, PUBLIC_ORIGIN: `https://localhost:${ports.https}`, TRUST_PROXY: 'true' };
  // Only the first instance seeds the demo company; the second starts once it is there.
  const first = await startServerProcess(env);
  const second = await startServerProcess({ ...env, SEED_DEMO: 'false' });
  servers = [first, second];
  caddy = await startCaddy({
    ports,
    upstreams: servers.map((server) => `127.0.0.1:${server.port}`),
    env: { CADDY_HEALTH_INTERVAL: '1s', CADDY_FAIL_DURATION: '2s' },
  });
  adminCookie = await signInThroughCaddy(ADMIN);
});

afterEach(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  contexts = [];
  for (const client of clients) client.destroy();
  clients = [];
  // Every instance is up again before the next test (a test may have stopped one)…
  for (const server of servers) {
    if (!(await healthy(server))) await server.restart();
  }
  await waitFor(idle, { timeoutMs: 30_000, what: 'Caddy to see both instances idle and without failures' });
  // …and back in Caddy's rotation (its active health check has seen it since), so that which instance a
  // doc lands on is the hash's choice and not a fallback.
  await waitFor(bothInstancesTakeSockets, { timeoutMs: 60_000, intervalMs: 500, what: 'Caddy to route sockets to both instances' });
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await caddy?.stop();
  for (const server of servers) await server.stop();
  await database?.drop();
});

async function healthy(server: ServerProcess): Promise<boolean> {
  try {
    return (await fetch(`${server.url}/healthz`)).ok;
  } catch {
    return false;
  }
}

async function signInThroughCaddy(email: string): Promise<string> {
  const answer = await caddy.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (answer.status !== 200) throw new Error(`sign-in through Caddy failed: ${answer.status} ${answer.body.toString()}`);
  const cookie = ([] as string[]).concat(answer.headers['set-cookie'] ?? [])[0];
  if (!cookie) throw new Error('sign-in through Caddy set no cookie');
  return cookie;
}

/** A y-websocket client on wss through Caddy, verifying Caddy's certificate against its local CA. */
function viaCaddy(doc: string, cookie = adminCookie, params?: Record<string, string>): NodeSyncClient {
  const client = connectTlsClient(caddy.url, doc, cookie.split(';')[0]!, { ca: caddy.rootCertificate, params });
  clients.push(client);
  return client;
}

/** A client connected straight to one instance, bypassing Caddy (plain ws on loopback). */
function direct(server: ServerProcess, doc: string, cookie: string): NodeSyncClient {
  const client = connectNodeClient(server.url, doc, cookie);
  clients.push(client);
  return client;
}

async function idle(): Promise<boolean> {
  return (await caddy.upstreams()).every((upstream) => upstream.num_requests === 0 && upstream.fails === 0);
}

/** Opens one socket per profile doc through Caddy: true when both instances got some (both in rotation). */
async function bothInstancesTakeSockets(): Promise<boolean> {
  const probes = Array.from({ length: demoEmployeeCount }, (_, index) => viaCaddy(`profile/${demoEmployeeId(index)}`));
  try {
    for (const probe of probes) await synced(probe, 'every profile doc to sync through Caddy');
    const open = await openSockets();
    return [...open.values()].every((n) => n > 0) && [...open.values()].reduce((sum, n) => sum + n, 0) === probes.length;
  } finally {
    for (const probe of probes) probe.destroy();
    clients = clients.filter((client) => !probes.includes(client));
    await waitFor(idle, { timeoutMs: 20_000, what: 'the probe sockets to close' });
  }
}

const synced = (client: NodeSyncClient, what: string) => waitFor(() => client.provider.synced, { timeoutMs: 30_000, what });

const openSockets = async (): Promise<Map<string, number>> =>
  new Map((await caddy.upstreams()).map((upstream: UpstreamState) => [upstream.address, upstream.num_requests]));

const serverAt = (address: string): ServerProcess => {
  const server = servers.find((candidate) => address.endsWith(`:${candidate.port}`));
  if (!server) throw new Error(`no server behind upstream ${address}`);
  return server;
};

/** The instance Caddy sends a doc's sockets to: connect one client and see which upstream gained it. */
async function instanceServing(doc: string): Promise<{ server: ServerProcess; probe: NodeSyncClient }> {
  const before = await openSockets();
  const probe = viaCaddy(doc);
  await synced(probe, `a probe of ${doc} to sync`);
  const after = await openSockets();
  const gained = [...after].filter(([address, open]) => open > (before.get(address) ?? 0)).map(([address]) => address);
  expect(gained).toHaveLength(1);
  return { server: serverAt(gained[0]!), probe };
}

const notesOf = (doc: Y.Doc, id: string): string => {
  const record = orgDoc.employeesOf(doc).get(id);
  return record ? orgDoc.employeeNotes(record).toString() : '';
};

function appendNote(client: NodeSyncClient, id: string, text: string): void {
  client.doc.transact(() => {
    const notes = orgDoc.employeeNotes(orgDoc.employeesOf(client.doc).get(id)!);
    notes.insert(notes.length, text);
  });
}

/** Appends tokens `<label>-<from>` … `<label>-<to - 1>`; answers them for the final check. */
function writeTokens(client: NodeSyncClient, id: string, label: string, from: number, to: number): string[] {
  const tokens: string[] = [];
  for (let index = from; index < to; index++) {
    const token = ` [${label}-${index}]`;
    appendNote(client, id, token);
    tokens.push(token);
  }
  return tokens;
}

const hasAll = (doc: Y.Doc, id: string, tokens: string[]) => tokens.every((token) => notesOf(doc, id).includes(token));

/** What the database holds now: a fresh client on a freshly started instance loads it from Postgres. */
async function storedNotes(server: ServerProcess, id: string, tokens: string[]): Promise<void> {
  const cookie = await signIn(server.url, ADMIN, DEMO_PASSWORD);
  const probe = direct(server, 'org', cookie);
  await waitFor(() => probe.provider.synced && hasAll(probe.doc, id, tokens), {
    timeoutMs: 30_000,
    what: `every token in the notes loaded by a restarted instance (has: ${notesOf(probe.doc, id)})`,
  });
}

describe.runIf(withCaddy)('Caddy in front of two instances', () => {
  it('serves https with HSTS once, the app’s own security headers, compression and an http→https redirect', async () => {
    const health = await caddy.request('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toMatchObject({ status: 'ok', database: 'ok', unstored: { updates: expect.any(Number) } });
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    expect(health.headers['x-frame-options']).toBe('DENY');
    expect(health.headers.server).toBeUndefined();

    const shell = await caddy.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(shell.status).toBe(200);
    expect(shell.headers['content-encoding']).toBe('gzip');

    // Caddy leaves its own https_port out of the redirect (it assumes users reach it on 443).
    const plain = await fetch(`${caddy.httpUrl}/employees`, { redirect: 'manual' });
    expect(plain.status).toBe(308);
    expect(plain.headers.get('location')).toBe('https://localhost/employees');

    const cookie = (await caddy.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN, password: DEMO_PASSWORD }),
    })).headers['set-cookie'];
    expect(String(cookie)).toMatch(/; Secure/i);
  });

  it('gives the servers the real client address, not one a client made up (TRUST_PROXY behind Caddy)', async () => {
    const failed = await caddy.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ email: 'spoofer@example.de', password: 'falsches-Passwort-1234' }),
    });
    expect(failed.status).toBe(401);
    const audit = await caddy.request('/api/admin/audit?limit=20', { headers: { cookie: adminCookie.split(';')[0]! } });
    const entries = (JSON.parse(audit.body.toString()) as { entries: Array<{ kind: string; ip: string; details: { email?: string } }> }).entries;
    const entry = entries.find((candidate) => candidate.kind === 'sign_in_failed' && candidate.details.email === 'spoofer@example.de');
    expect(entry?.ip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  });

  it('health-checks both instances and spreads docs across them, each doc on one instance', async () => {
    const upstreams = await caddy.upstreams();
    expect(upstreams.map((upstream) => upstream.address).sort()).toEqual(servers.map((server) => `127.0.0.1:${server.port}`).sort());

    expect(await bothInstancesTakeSockets()).toBe(true);

    // Affinity: the web app's `?acks=1` and a plain client of the same doc land on the same instance.
    const { server: home, probe } = await instanceServing('org');
    const withAcks = viaCaddy('org', adminCookie, { acks: '1' });
    await synced(withAcks, 'the acks client to sync');
    const open = await openSockets();
    expect(open.get(`127.0.0.1:${home.port}`)).toBe(2);
    expect([...open.values()].reduce((sum, n) => sum + n, 0)).toBe(2);

    const id = demoEmployeeId(1);
    appendNote(probe, id, ' [affinity]');
    await waitFor(() => notesOf(withAcks.doc, id).includes('[affinity]'), { timeoutMs: 20_000, what: 'the edit to reach the other wss client' });
  });

  it('takes an instance that stops answering out of rotation before a client reaches it (active health check)', async () => {
    const { server: home, probe } = await instanceServing('org');
    probe.destroy();
    await waitFor(idle, { timeoutMs: 20_000, what: 'the probe socket to close' });
    const other = servers.find((server) => server !== home)!;
    const address = `127.0.0.1:${home.port}`;
    const logFrom = caddy.output().length;

    // A frozen process still accepts TCP connections (the kernel does), so only the active health check
    // can tell; a socket sent to it would hang instead of failing over.
    process.kill(home.pid, 'SIGSTOP');
    try {
      // Two failed checks: the first one's verdict is certainly in effect once the second is logged.
      const failedChecks = () =>
        caddy
          .output()
          .slice(logFrom)
          .split('\n')
          .filter((line) => line.includes('health_checker.active') && line.includes('HTTP request failed') && line.includes(address)).length;
      await waitFor(() => failedChecks() >= 2, { timeoutMs: 30_000, what: `Caddy's active health check to fail for the frozen instance ${address}` });
      const { server: standIn } = await instanceServing('org');
      expect(standIn).toBe(other);
    } finally {
      process.kill(home.pid, 'SIGCONT');
    }
    for (const client of clients) client.destroy();
    clients = [];
    await waitFor(idle, { timeoutMs: 20_000, what: 'the probe socket to close' });
    await waitFor(bothInstancesTakeSockets, { timeoutMs: 60_000, intervalMs: 500, what: 'the instance to be back in rotation' });
    expect((await instanceServing('org')).server).toBe(home);
  });

  /** A writer and a reader of `org` through Caddy, synced; `home` is the instance Caddy gave them both. */
  async function writerAndReaderThroughCaddy() {
    const writer = viaCaddy('org');
    const reader = viaCaddy('org');
    await synced(writer, 'the writer to sync');
    await synced(reader, 'the reader to sync');
    const home = serverAt([...(await openSockets())].find(([, open]) => open === 2)![0]);
    return { writer, reader, home, other: servers.find((server) => server !== home)! };
  }

  it('moves the clients of an instance killed with SIGKILL to the other one, losing nothing', async () => {
    const id = demoEmployeeId(2);
    const { writer, reader, home, other } = await writerAndReaderThroughCaddy();

    const tokens = writeTokens(writer, id, 'kill', 0, 20);
    await waitFor(() => hasAll(reader.doc, id, tokens), { timeoutMs: 20_000, what: 'the first edits to reach the reader' });

    await home.stop('SIGKILL');
    tokens.push(...writeTokens(writer, id, 'kill', 20, 40));
    await waitFor(() => writer.provider.synced && reader.provider.synced && hasAll(reader.doc, id, tokens), {
      timeoutMs: 60_000,
      what: 'both clients to reconnect through Caddy and the reader to have every edit',
    });
    tokens.push(...writeTokens(writer, id, 'kill', 40, 60));
    await waitFor(() => hasAll(reader.doc, id, tokens), { timeoutMs: 30_000, what: 'the edits after the failover to reach the reader' });
    expect(writer.closes.length).toBeGreaterThan(0);
    expect((await openSockets()).get(`127.0.0.1:${other.port}`)).toBe(2);

    await home.restart();
    await storedNotes(home, id, tokens);
  });

  it('drains an instance on SIGTERM (rolling restart): its clients continue on the other, losing nothing', async () => {
    const id = demoEmployeeId(4);
    const { writer, reader, home, other } = await writerAndReaderThroughCaddy();

    const tokens = writeTokens(writer, id, 'term', 0, 20);
    await waitFor(() => hasAll(reader.doc, id, tokens), { timeoutMs: 20_000, what: 'the first edits to reach the reader' });
    // Edits sent right before the signal are in flight while the instance drains.
    tokens.push(...writeTokens(writer, id, 'term', 20, 30));
    expect(await home.stop('SIGTERM')).toBe(0);
    tokens.push(...writeTokens(writer, id, 'term', 30, 50));
    await waitFor(() => writer.provider.synced && reader.provider.synced && hasAll(reader.doc, id, tokens), {
      timeoutMs: 60_000,
      what: 'both clients to continue on the other instance with every edit',
    });
    expect((await openSockets()).get(`127.0.0.1:${other.port}`)).toBe(2);

    await home.restart();
    await storedNotes(home, id, tokens);
  });
});

describe.runIf(withCaddy)('a browser through Caddy over https', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);

  async function openEmployeeInBrowser(id: string): Promise<{ page: Page; errors: string[] }> {
    // Caddy's local CA is not in Chromium's trust store; the certificate itself is checked by the Node tests.
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    contexts.push(context);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signInInBrowser(page, caddy.url, ADMIN);
    await page.goto(`${caddy.url}/employees/${id}`);
    await expect.poll(() => field(page, 'position').inputValue(), { timeout: 30_000 }).not.toBe('');
    return { page, errors };
  }

  it('signs in, edits, and the edit reaches a colleague on the same instance and the database', async () => {
    const id = demoEmployeeId(5);
    const { server: home } = await instanceServing('org');
    const { page, errors } = await openEmployeeInBrowser(id);
    const colleague = viaCaddy('org', await signInThroughCaddy(COLLEAGUE));
    await synced(colleague, 'the colleague to sync');

    await field(page, 'position').fill('Lagerleitung über Caddy');
    await waitFor(() => orgDoc.readEmployee(orgDoc.employeesOf(colleague.doc).get(id)!).position === 'Lagerleitung über Caddy', {
      timeoutMs: 30_000,
      what: 'the browser’s edit to reach the colleague through Caddy',
    });
    // The colleague may receive the edit a moment before the browser hears the server confirm it.
    await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    expect(errors).toEqual([]);

    for (const context of contexts) await context.close();
    for (const client of clients) client.destroy();
    await home.stop('SIGTERM');
    await home.restart();
    const probe = direct(home, 'org', await signIn(home.url, ADMIN, DEMO_PASSWORD));
    await waitFor(() => probe.provider.synced && orgDoc.readEmployee(orgDoc.employeesOf(probe.doc).get(id)!).position === 'Lagerleitung über Caddy', {
      timeoutMs: 30_000,
      what: 'the edit to be in the database',
    });
  });

  // Crosses instances: only the cluster bus (sync-server/src/cluster) carries each edit from one instance's
  // room to the other's — without it the browser would see the colleague's edit only after a reconnect.
  it('shows live an edit a colleague makes through the other instance, and the colleague sees the browser’s', async () => {
    const id = demoEmployeeId(6);
    const { server: home } = await instanceServing('org');
    const other = servers.find((server) => server !== home)!;
    const { page, errors } = await openEmployeeInBrowser(id);
    const colleague = direct(other, 'org', await signIn(other.url, COLLEAGUE, DEMO_PASSWORD));
    await synced(colleague, 'the colleague on the other instance to sync');

    colleague.doc.transact(() => orgDoc.setEmployeeField(colleague.doc, id, 'position', 'Vom anderen Server', new Date().toISOString()));
    await expect.poll(() => field(page, 'position').inputValue(), { timeout: 30_000 }).toBe('Vom anderen Server');

    await field(page, 'position').fill('Zurück über Caddy');
    await waitFor(() => orgDoc.readEmployee(orgDoc.employeesOf(colleague.doc).get(id)!).position === 'Zurück über Caddy', {
      timeoutMs: 30_000,
      what: 'the browser’s edit to reach the colleague on the other instance',
    });
    expect(errors).toEqual([]);
  });
});
