// The server's defences against the real process: cross-site requests and sockets refused, sign-in
// attempts limited per account and per address, security headers on every answer, and the REST API being
// exactly the endpoint table.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { endpoints, splitEndpointKey, type EndpointKey } from '@workmate/sync-protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { restClient, type AccountRow, type ApiCall, type AuditEntry } from '../helpers/rest-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const PUBLIC_ORIGIN = 'https://workmate.example.de';
const EVIL_ORIGIN = 'https://evil.example';

const databases: TestDatabase[] = [];
/** Started with TRUST_PROXY, so each rate-limit scenario can come from an address of its own (X-Forwarded-For). */
let server: ServerProcess;
/** Started with PUBLIC_ORIGIN: the origin users open, behind https. */
let publicServer: ServerProcess;
let api: ApiCall;
let adminCookie: string;

beforeAll(async () => {
  const start = async (env: Record<string, string>) => {
    const database = await createTestDatabase();
    databases.push(database);
    return startServerProcess({ DATABASE_URL: database.url, ...env });
  };
  [server, publicServer] = await Promise.all([start({ TRUST_PROXY: 'true' }), start({ PUBLIC_ORIGIN })]);
  api = restClient(server.url);
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
});

afterAll(async () => {
  await Promise.all([server?.stop(), publicServer?.stop()]);
  for (const database of databases) await database.drop();
});

const ownOrigin = () => new URL(server.url).origin;

const login = (email: string, password: string, headers: Record<string, string> = {}, call = api) =>
  call<{ user: { email: string } }>('POST', '/api/auth/login', { body: { email, password }, headers });

type UpgradeOutcome = { kind: 'refused'; status: number } | { kind: 'synced' } | { kind: 'closed'; code: number };

/** Opens /sync/org with the given headers: refused at the upgrade, or open and sent the first sync frame, or closed. */
function upgradeSync(baseUrl: string, headers: Record<string, string>): Promise<UpgradeOutcome> {
  return new Promise((settle, fail) => {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/sync/org', { headers });
    let settled = false;
    const finish = (outcome: UpgradeOutcome) => {
      if (settled) return;
      settled = true;
      settle(outcome);
      ws.terminate();
    };
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      finish({ kind: 'refused', status: res.statusCode ?? 0 });
    });
    ws.on('message', () => finish({ kind: 'synced' }));
    ws.on('close', (code) => finish({ kind: 'closed', code }));
    ws.on('error', (error) => {
      if (!settled) fail(error);
    });
  });
}

async function auditEntries(): Promise<AuditEntry[]> {
  const res = await api<{ entries: AuditEntry[] }>('GET', '/api/admin/audit?limit=500', { cookie: adminCookie });
  expect(res.status).toBe(200);
  return res.body.entries;
}

/** Fills every path parameter of an endpoint with a well-formed value. */
const concretePath = (path: string) => path.replace(':id', '00000000-0000-4000-8000-00000000abcd').replace(':key', 'no-such-role');

describe('cross-origin requests', () => {
  it('refuses a sign-in from another site with 403 cross_origin and starts no session', async () => {
    const res = await login('admin@muster-gmbh.de', DEMO_PASSWORD, { origin: EVIL_ORIGIN });
    expect(res.status).toBe(403);
    expect(res.error?.code).toBe('cross_origin');
    expect(res.sessionCookie).toBeNull();

    const own = await login('admin@muster-gmbh.de', DEMO_PASSWORD, { origin: ownOrigin() });
    expect(own.status).toBe(200);
    expect(own.sessionCookie).not.toBeNull();
  });

  it('refuses an admin change from another site even with a valid admin cookie, and changes nothing', async () => {
    const newUser = (email: string) => ({
      name: 'Olga Origin',
      email,
      roles: ['employee'],
      employeeId: null,
      credential: { kind: 'password', password: 'Gleis-Neun-Dreiviertel' },
    });
    const foreign = await api('POST', '/api/admin/users', { cookie: adminCookie, body: newUser('olga@muster-gmbh.de'), headers: { origin: EVIL_ORIGIN } });
    expect(foreign.status).toBe(403);
    expect(foreign.error?.code).toBe('cross_origin');
    const nullOrigin = await api('POST', '/api/admin/users', { cookie: adminCookie, body: newUser('olga@muster-gmbh.de'), headers: { origin: 'null' } });
    expect(nullOrigin.error?.code).toBe('cross_origin');
    const users = await api<{ users: AccountRow[] }>('GET', '/api/admin/users', { cookie: adminCookie });
    expect(users.body.users.map((u) => u.email)).not.toContain('olga@muster-gmbh.de');

    const own = await api('POST', '/api/admin/users', { cookie: adminCookie, body: newUser('olga@muster-gmbh.de'), headers: { origin: ownOrigin() } });
    expect(own.status).toBe(201);
  });

  it('checks the origin of every state-changing endpoint before anything else', async () => {
    for (const key of Object.keys(endpoints) as EndpointKey[]) {
      const { method, path } = splitEndpointKey(key);
      if (method === 'GET') continue;
      const res = await api(method, concretePath(path), { body: {}, headers: { origin: EVIL_ORIGIN } });
      expect({ key, status: res.status, code: res.error?.code }).toEqual({ key, status: 403, code: 'cross_origin' });
    }
  });

  it('refuses a sync socket from another site at the upgrade and accepts one from its own origin', async () => {
    expect(await upgradeSync(server.url, { origin: EVIL_ORIGIN, cookie: adminCookie })).toEqual({ kind: 'refused', status: 403 });
    expect(await upgradeSync(server.url, { origin: ownOrigin(), cookie: adminCookie })).toEqual({ kind: 'synced' });
  });

  it('with PUBLIC_ORIGIN accepts only that origin, for requests and sockets', async () => {
    const publicApi = restClient(publicServer.url);
    const byHost = await login('admin@muster-gmbh.de', DEMO_PASSWORD, { origin: new URL(publicServer.url).origin }, publicApi);
    expect(byHost.status).toBe(403);
    expect(byHost.error?.code).toBe('cross_origin');

    const own = await login('admin@muster-gmbh.de', DEMO_PASSWORD, { origin: PUBLIC_ORIGIN }, publicApi);
    expect(own.status).toBe(200);
    const setCookie = own.headers.getSetCookie().find((c) => c.startsWith('wm_session='))!;
    expect(setCookie).toMatch(/;\s*Secure/i);

    const cookie = own.sessionCookie!;
    expect(await upgradeSync(publicServer.url, { origin: new URL(publicServer.url).origin, cookie })).toEqual({ kind: 'refused', status: 403 });
    expect(await upgradeSync(publicServer.url, { origin: PUBLIC_ORIGIN, cookie })).toEqual({ kind: 'synced' });
  });

  it('sends Strict-Transport-Security only when the public origin is https', async () => {
    for (const path of ['/', '/api/auth/me', '/healthz']) {
      expect((await fetch(publicServer.url + path)).headers.get('strict-transport-security'), path).toMatch(/max-age=\d{7,}/);
      expect((await fetch(server.url + path)).headers.get('strict-transport-security'), path).toBeNull();
    }
  });
});

describe('sign-in rate limits', () => {
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it('locks an account after five wrong passwords, even for the right one, and audits the refusal', async () => {
    const email = 'buchhaltung@muster-gmbh.de';
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await login(email, `falsch-${attempt}-geraten`, from('203.0.113.10'))).status).toBe(401);
    }
    const sixth = await login(email, DEMO_PASSWORD, from('203.0.113.10'));
    expect(sixth.status).toBe(429);
    expect(sixth.error?.code).toBe('too_many_attempts');
    expect(sixth.sessionCookie).toBeNull();
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);

    // The limit is per account: another address does not get around it.
    expect((await login(email, DEMO_PASSWORD, from('203.0.113.99'))).status).toBe(429);

    const throttled = (await auditEntries()).filter((e) => e.kind === 'sign_in_throttled' && e.details.email === email);
    expect(throttled.map((e) => e.ip)).toContain('203.0.113.10');
  });

  it('lets other accounts from the same address sign in until the address reaches thirty failures', async () => {
    const ip = from('203.0.113.20');
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await login('teamleitung@muster-gmbh.de', `falsch-${attempt}-geraten`, ip)).status).toBe(401);
    }
    expect((await login('teamleitung@muster-gmbh.de', DEMO_PASSWORD, ip)).status).toBe(429);
    expect((await login('personal@muster-gmbh.de', DEMO_PASSWORD, ip)).status).toBe(200);

    // 25 more failures, each for a different email, bring the address to 30.
    for (let n = 1; n <= 25; n++) {
      expect((await login(`raten-${n}@muster-gmbh.de`, 'falsch-geraten-123', ip)).status).toBe(401);
    }
    const blocked = await login('personal@muster-gmbh.de', DEMO_PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login('noch-nie-gesehen@muster-gmbh.de', 'egal-was-123', ip)).status).toBe(429);

    // Another address is not affected.
    expect((await login('personal@muster-gmbh.de', DEMO_PASSWORD, from('203.0.113.21'))).status).toBe(200);
  });

  it('answers an unknown email exactly like a real one, including when it is throttled', async () => {
    const ip = from('203.0.113.30');
    const real = 'mitarbeiter@muster-gmbh.de';
    const unknown = 'gibt-es-nicht@muster-gmbh.de';
    // Interleaved, so both accounts reach the limit at about the same time and wait equally long.
    for (let attempt = 1; attempt <= 6; attempt++) {
      const wrong = await login(real, `falsch-${attempt}-geraten`, ip);
      const missing = await login(unknown, `falsch-${attempt}-geraten`, ip);
      expect(missing.status).toBe(wrong.status);
      expect(missing.body).toEqual(wrong.body);
      expect(wrong.status).toBe(attempt <= 5 ? 401 : 429);
      if (attempt === 6) {
        expect(missing.headers.get('retry-after')).not.toBeNull();
        expect(wrong.headers.get('retry-after')).not.toBeNull();
      }
    }
  });
});

describe('security headers', () => {
  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!, values]),
    );

  const pages = [
    { what: 'the app shell', path: '/', cookie: false },
    { what: 'a deep link', path: '/employees/00000000-0000-4000-8003-000000000001', cookie: false },
    { what: 'the API, signed in', path: '/api/auth/me', cookie: true },
    { what: 'the API, refused', path: '/api/auth/me', cookie: false },
  ];

  for (const { what, path, cookie } of pages) {
    it(`protects ${what} with a strict CSP and the other security headers`, async () => {
      const res = await fetch(server.url + path, { headers: cookie ? { cookie: adminCookie } : {} });
      expect(res.status).toBe(path === '/api/auth/me' ? (cookie ? 200 : 401) : 200);
      const csp = directives(res.headers.get('content-security-policy') ?? '');
      const scriptSrc = csp.get('script-src') ?? csp.get('default-src');
      expect(scriptSrc).toBeDefined();
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(res.headers.get('referrer-policy'));
      expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    });
  }

  it("allows the build's inline bootstrap script by its hash", async () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../build/index.html'), 'utf8');
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    const csp = (await fetch(server.url + '/')).headers.get('content-security-policy')!;
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src '))!;
    for (const script of inline) {
      expect(scriptSrc).toContain(`'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);
    }
  });
});

describe('the REST API is the endpoint table', () => {
  const isGenericNotFound = (res: { status: number; error?: { code: string; message: string } }) =>
    res.status === 404 && res.error?.code === 'not_found' && res.error.message.startsWith('No such API endpoint');

  it('answers every endpoint of the table, never with "No such API endpoint"', async () => {
    for (const key of Object.keys(endpoints) as EndpointKey[]) {
      const { method, path } = splitEndpointKey(key);
      const res = await api(method, concretePath(path), method === 'GET' ? {} : { body: {} });
      expect({ key, generic404: isGenericNotFound(res) }).toEqual({ key, generic404: false });
      if (endpoints[key].access !== 'public') expect({ key, status: res.status }).toEqual({ key, status: 401 });
    }
  });

  it('answers a path or method outside the table with the generic 404', async () => {
    expect(isGenericNotFound(await api('GET', '/api/admin/everything'))).toBe(true);
    expect(isGenericNotFound(await api('PUT', '/api/auth/me', { body: {} }))).toBe(true);
    expect(isGenericNotFound(await api('GET', '/api/auth/login'))).toBe(true);
  });
});
