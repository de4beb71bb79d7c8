// Property tests for every REST endpoint of the endpoint table against the real server on a real
// Postgres: random and malformed bodies (random JSON, wrong types, NUL, lone surrogates, nesting deeper
// than 32, 1 MB strings, non-JSON, wrong content types), random path parameters and query strings —
// signed in as admin (so the guard lets the body reach the handler) and anonymous. Every answer is a
// success or a 4xx with a JSON message, never a 5xx, and no table changes.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { endpoints, splitEndpointKey, type EndpointKey } from '@workmate/sync-protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tableChecksums } from '../helpers/table-checksum.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

let database: TestDatabase;
let server: ServerProcess;
let adminCookie: string;
let adminId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url });
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
  const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: adminCookie } });
  adminId = ((await me.json()) as { user: { id: string } }).user.id;
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

const keys = Object.keys(endpoints) as EndpointKey[];

/**
 * Requests that would legitimately change something whatever the body says: signing the admin out,
 * ending sessions, deleting a real role. Those get only path parameters that name nothing.
 */
const bodyIsReadFirst = (key: EndpointKey) => key.startsWith('PATCH ') || key.endsWith('/password') || key === 'POST /api/admin/users' || key === 'POST /api/admin/roles';

const NASTY_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\ud83d', '\u202e', '\ufeff', '💥'.repeat(3), 'Ä'.normalize('NFD'), '%00', '../..', "'; DROP TABLE users; --"];

/** Like encodeURIComponent, but lone surrogates go out as what Node sends for them (U+FFFD) instead of throwing. */
const percentEncode = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** Strings a hostile client would try: nasty code points, random Unicode, long ones. */
const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }).map((s) => s + NASTY_TEXT[s.length % NASTY_TEXT.length]),
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)),
);

/** URL parts stay under Node's 16 KiB header limit, which answers 431 before our code runs. */
const urlText = nastyString.map((s) => s.slice(0, 500));

/** JSON nested deeper than the server accepts. */
const deepJson = fc.integer({ min: 33, max: 5_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

/** The endpoint's own field names with wrong or hostile values, so the body looks almost right. */
const FIELD_NAMES = ['email', 'password', 'token', 'name', 'roles', 'employeeId', 'credential', 'kind', 'active', 'key', 'description', 'permissions', 'currentPassword', 'newPassword'];
const wrongValue = fc.oneof(nastyString, fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, true, 0, -1, 1e308, [], {}, [null], { kind: 'password' }));
const almostRightObject = fc.dictionary(fc.constantFrom(...FIELD_NAMES), wrongValue, { minKeys: 1, maxKeys: 6 });

type Body = { text: string | Uint8Array | undefined; contentType: string | undefined };

const jsonType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json');
const wrongType = fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json');

const body: fc.Arbitrary<Body> = fc.oneof(
  fc.record({ text: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), contentType: jsonType }),
  fc.record({ text: almostRightObject.map((v) => JSON.stringify(v)), contentType: jsonType }),
  fc.record({ text: deepJson, contentType: jsonType }),
  // 1 MB in one string field.
  fc.record({ text: fc.constantFrom('email', 'name', 'password').map((field) => JSON.stringify({ [field]: 'ä'.repeat(512 * 1024) })), contentType: jsonType }),
  fc.record({ text: fc.string({ unit: 'binary', maxLength: 200 }), contentType: fc.oneof(jsonType, wrongType) }),
  fc.record({ text: fc.uint8Array({ maxLength: 200 }), contentType: fc.oneof(jsonType, wrongType) }),
  fc.record({ text: almostRightObject.map((v) => JSON.stringify(v)), contentType: wrongType }),
  fc.constant({ text: undefined, contentType: 'application/json' }),
);

/** A valid body per endpoint that reads one; each is sent only with one string poisoned (below). */
const STRONG = 'Kaffee-mit-Hafermilch-2026';
const VALID_BODIES: Partial<Record<EndpointKey, unknown>> = {
  'POST /api/auth/login': { email: 'admin@muster-gmbh.de', password: DEMO_PASSWORD },
  'POST /api/auth/set-password': { token: 'abcdef', password: STRONG },
  'POST /api/account/password': { currentPassword: DEMO_PASSWORD, newPassword: STRONG },
  'POST /api/admin/users': { name: 'Fuzz', email: 'fuzz@example.de', roles: ['employee'], employeeId: null, credential: { kind: 'password', password: STRONG } },
  'PATCH /api/admin/users/:id': { name: 'Fuzz', roles: ['admin'] },
  'POST /api/admin/users/:id/password': { kind: 'password', password: STRONG },
  'POST /api/admin/roles': { name: 'Fuzz', description: 'fuzz', permissions: ['org.read'] },
  'PATCH /api/admin/roles/:key': { name: 'Fuzz', permissions: ['*'] },
};

/** Every string in a JSON value with a setter for it, in a stable order, so one can be poisoned. */
function stringSlots(value: unknown, slots: Array<{ text: string; set(next: string): void }> = []) {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') slots.push({ text: v, set: (next) => ((value as Record<string, unknown>)[k] = next) });
      else stringSlots(v, slots);
    }
  }
  return slots;
}

/** The endpoint's valid body with NUL or a lone surrogate put into one of its strings: must be a 400, never stored. */
function poisonedBody(key: EndpointKey): fc.Arbitrary<Body> | null {
  const valid = VALID_BODIES[key];
  if (!valid) return null;
  return fc.record({ slot: fc.nat(), at: fc.nat(), poison: fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000') }).map(({ slot, at, poison }) => {
    const copy = structuredClone(valid);
    const slots = stringSlots(copy);
    const { text, set } = slots[slot % slots.length]!;
    const cut = at % (text.length + 1);
    set(text.slice(0, cut) + poison + text.slice(cut));
    return { text: JSON.stringify(copy), contentType: 'application/json' };
  });
}

/** Path parameters that name nothing: junk, or well-formed ids of no record. */
const junkParam = fc.oneof(
  urlText.map(percentEncode),
  fc.constantFrom('%00', '%ED%A0%80', '%', '%zz', '..', 'admin%2F..'),
  fc.uuid().map(String),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
);

/**
 * Bodies no endpoint accepts: its valid body with NUL or a lone surrogate put in, JSON nested too deep,
 * or a body not declared as JSON. A request naming a real record gets only these: a random "almost right"
 * body is now and then entirely right (`{"description": "…"}` is a valid change of a role) and would write.
 */
function refusedBody(key: EndpointKey): fc.Arbitrary<Body> {
  const refused = fc.oneof(
    fc.record({ text: deepJson, contentType: jsonType }),
    fc.record({ text: almostRightObject.map((v) => JSON.stringify(v)), contentType: wrongType }),
  );
  const poisoned = poisonedBody(key);
  return poisoned ? fc.oneof(refused, poisoned) : refused;
}

const queryString = fc
  .dictionary(fc.string({ maxLength: 12 }).filter((k) => k !== 'except'), urlText, { maxKeys: 4 })
  .map((q) => Object.entries(q).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&'));

function request(key: EndpointKey) {
  const { method, path } = splitEndpointKey(key);
  const names = path.match(/:\w+/g) ?? [];
  const poisoned = poisonedBody(key);
  const bodies = poisoned ? fc.oneof(body, poisoned, poisoned) : body;
  const namingNothing = fc.record({ params: fc.tuple(...names.map(() => junkParam)), query: queryString, body: bodies });
  // Real ids (the admin, existing roles) only where the handler reads the body before the record.
  const realRecord = fc.constantFrom(adminId, 'admin', 'employee');
  const namingReal = fc.record({ params: fc.tuple(...names.map(() => fc.oneof(junkParam, realRecord))), query: queryString, body: refusedBody(key) });
  const requests = bodyIsReadFirst(key) && names.length > 0 ? fc.oneof(namingNothing, namingReal) : namingNothing;
  return requests.map(({ params: values, query, body }) => {
    let i = 0;
    const concrete = path.replace(/:\w+/g, () => values[i++]!);
    return { key, method, url: `${concrete}${query ? `?${query}` : ''}`, body };
  });
}

const anyRequest = fc.constantFrom(...keys).chain(request);

type Outcome = { status: number; contentType: string; text: string };

/**
 * One request on a connection of its own: the server closes a connection whose big body it refused
 * unread, and a pooled connection would carry that close into the next request.
 */
function send(r: { method: string; url: string; body: Body }, cookie: string | null): Promise<Outcome> {
  const payload = r.method !== 'GET' && r.body.text !== undefined ? Buffer.from(r.body.text) : null;
  const headers: Record<string, string> = { ...(cookie ? { cookie } : {}), ...(payload && r.body.contentType ? { 'content-type': r.body.contentType } : {}),
    // Explicit, or Node sends a DELETE's body with no framing at all.
    ...(payload ? { 'content-length': String(payload.length) } : {}),
  };
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(server.url + r.url, { method: r.method, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString() }));
    });
    // After the answer, a reset while the rest of a refused body is still uploading is expected.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(payload ?? undefined);
  });
}

function expectSuccessOr4xxWithMessage(outcome: Outcome, what: string): void {
  if (outcome.status >= 500) throw new Error(`${what} answered ${outcome.status}: ${outcome.text.slice(0, 300)}`);
  if (outcome.status < 400) return;
  if (!outcome.contentType.includes('application/json')) throw new Error(`${what} answered ${outcome.status} without JSON: ${outcome.text.slice(0, 200)}`);
  const message = (JSON.parse(outcome.text) as { error?: { message?: unknown } }).error?.message;
  if (typeof message !== 'string' || message.length === 0) throw new Error(`${what} answered ${outcome.status} without an error message: ${outcome.text.slice(0, 200)}`);
}

describe.each([
  ['signed in as admin', () => adminCookie],
  ['anonymous', () => null],
])('every REST endpoint, %s, under random input', (_, cookieOf) => {
  it('answers success or a 4xx with a JSON message, never a 5xx, and writes nothing', async () => {
    const before = await tableChecksums(database.url);
    const cookie = cookieOf();
    await fc.assert(
      fc.asyncProperty(anyRequest, async (r) => {
        // Signing out would end the very session the admin run uses.
        if (cookie && r.key === 'POST /api/auth/logout') return;
        const what = `${r.method} ${r.url.slice(0, 120)} (${r.body.contentType ?? 'no content-type'})`;
        expectSuccessOr4xxWithMessage(await send(r, cookie), what);
      }),
      { numRuns: 300 },
    );
    expect(await tableChecksums(database.url)).toEqual(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('the body boundary', () => {
  const post = (text: string, contentType = 'application/json') =>
    send({ method: 'POST', url: '/api/admin/roles', body: { text, contentType } }, adminCookie);
  const messageOf = (outcome: Outcome) => (JSON.parse(outcome.text) as { error: { message: string } }).error.message;

  it('refuses NUL with a message saying to remove it (Postgres cannot store it)', async () => {
    const res = await post(JSON.stringify({ key: 'nul', name: 'a\u0000b', permissions: [] }));
    expect(res.status).toBe(400);
    expect(messageOf(res)).toMatch(/NUL.*remove it/);
  });

  it('refuses lone surrogates and nesting deeper than 32', async () => {
    const surrogate = await post('{"key":"x","name":"\\ud800","permissions":[]}');
    expect(surrogate.status).toBe(400);
    expect(messageOf(surrogate)).toMatch(/surrogate/);
    const deep = await post('['.repeat(33) + ']'.repeat(33));
    expect(deep.status).toBe(400);
    expect(messageOf(deep)).toMatch(/nested more than 32/);
  });

  it('refuses a body over the size limit and a body that is not declared as JSON', async () => {
    const huge = await post(JSON.stringify({ name: 'x'.repeat(1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(messageOf(huge)).toMatch(/KiB/);
    const plain = await post(JSON.stringify({ key: 'plain', name: 'Plain', permissions: [] }), 'text/plain');
    expect(plain.status).toBe(400);
    expect(messageOf(plain)).toMatch(/Content-Type: application\/json/);
  });

  it('refuses NUL in query parameters with a 400', async () => {
    const res = await send({ method: 'GET', url: '/api/admin/audit?doc=a%00b', body: { text: undefined, contentType: undefined } }, adminCookie);
    expect(res.status).toBe(400);
    expect(messageOf(res)).toMatch(/NUL/);
  });
});
