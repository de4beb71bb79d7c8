// Concurrent password guesses against two real server processes on one Postgres: a burst gets at most the
// limit through to the password check — at sign-in, across instances, and when changing one's own
// password — counted by the servers' workmate_password_verifications_total. A right password still
// signs in after fewer failures than the limit, and does not count as a failure afterwards.
import { THROTTLED_ROWS_PER_ADDRESS_MINUTE } from '../../sync-server/src/audit/audit-log.ts';
import { describe, expect, it } from 'vitest';
import { metricsUrlOf, scrapeMetrics } from '../helpers/metrics.ts';
import { restClient, type ApiAnswer } from '../helpers/rest-client.ts';
import type { ServerProcess } from '../helpers/server-process.ts';
import { TEST_ACCOUNT_PASSWORD, createTestAccount } from '../helpers/test-accounts.ts';
import { useTwoInstances } from '../helpers/two-instance-suite.ts';

const BURST = 50;
const ACCOUNT_LIMIT = 5;
const ADDRESS_LIMIT = 30;

// TRUST_PROXY: each scenario comes from an address of its own (X-Forwarded-For), so their failures
// never add up to the per-address limit. LOG_LEVEL info: the metrics URL is read from the start-up log.
const suite = useTwoInstances('postgres', { TRUST_PROXY: 'true', METRICS_PORT: '0', LOG_LEVEL: 'info' });

let nextAccount = 1;
const freshAccount = () => {
  const n = nextAccount++;
  return createTestAccount(suite.a.url, suite.adminCookie, { email: `burst-${n}@muster-gmbh.de`, name: `Burst ${n}`, roles: ['employee'], employeeId: null });
};

const login = (instance: ServerProcess, ip: string, email: string, password: string) =>
  restClient(instance.url)('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });

const changePassword = (instance: ServerProcess, ip: string, cookie: string, currentPassword: string) =>
  restClient(instance.url)('POST', '/api/account/password', {
    cookie,
    body: { currentPassword, newPassword: 'Neues-Passwort-fuer-den-Test-2026' },
    headers: { 'x-forwarded-for': ip },
  });

/** Password hashes verified so far by both instances together. */
async function verifications(): Promise<number> {
  const counts = await Promise.all([suite.a, suite.b].map(async (instance) => (await scrapeMetrics(await metricsUrlOf(instance))).get('workmate_password_verifications_total')));
  return counts.reduce((sum, n) => sum + n, 0);
}

/** How many answers had each status, e.g. { 401: 5, 429: 45 }. */
function statusCounts(answers: Array<ApiAnswer<unknown>>): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** `count` concurrent requests, sent all at once; `send(i)` makes the i-th. */
const burst = (count: number, send: (i: number) => Promise<ApiAnswer<unknown>>) => Promise.all(Array.from({ length: count }, (_, i) => send(i)));

function expectThrottled(answer: ApiAnswer<unknown>): void {
  expect(answer.status).toBe(429);
  expect(answer.error?.code).toBe('too_many_attempts');
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('a burst of concurrent sign-ins', () => {
  it('lets five of fifty wrong passwords reach the password check, then refuses the right one', async () => {
    const user = await freshAccount();
    const ip = '198.51.100.1';
    const before = await verifications();

    const answers = await burst(BURST, (i) => login(suite.a, ip, user.email, `falsch-${i}-geraten`));
    expect(statusCounts(answers)).toEqual({ 401: ACCOUNT_LIMIT, 429: BURST - ACCOUNT_LIMIT });
    expect(await verifications()).toBe(before + ACCOUNT_LIMIT);

    const right = await login(suite.a, ip, user.email, TEST_ACCOUNT_PASSWORD);
    expectThrottled(right);
    expect(right.sessionCookie).toBeNull();
    expect(await verifications()).toBe(before + ACCOUNT_LIMIT);

    // Audited: each wrong password that was checked, and every refusal counted — in one row per address
    // and minute, not one row each.
    const audited = await suite.db.query<{ kind: string; rows: number; attempts: number }>(
      `SELECT kind, count(*)::int AS rows, sum(COALESCE((details->>'attempts')::int, 1))::int AS attempts
         FROM audit_events WHERE details->>'email' = $1 GROUP BY kind`,
      [user.email],
    );
    const byKind = Object.fromEntries(audited.rows.map((r) => [r.kind, r]));
    expect(byKind.sign_in_failed).toMatchObject({ rows: ACCOUNT_LIMIT });
    expect(byKind.sign_in_throttled?.attempts).toBe(BURST - ACCOUNT_LIMIT + 1);
    expect(byKind.sign_in_throttled?.rows).toBe(1);
  });

  it('counts an unknown email the same: five checked against the dummy hash, the rest refused', async () => {
    const ip = '198.51.100.2';
    const before = await verifications();
    const answers = await burst(BURST, (i) => login(suite.a, ip, 'gibt-es-nicht@muster-gmbh.de', `falsch-${i}-geraten`));
    expect(statusCounts(answers)).toEqual({ 401: ACCOUNT_LIMIT, 429: BURST - ACCOUNT_LIMIT });
    expect(await verifications()).toBe(before + ACCOUNT_LIMIT);
    expectThrottled(await login(suite.a, ip, 'gibt-es-nicht@muster-gmbh.de', 'noch-ein-versuch'));
  });

  it('lets five through in all when the burst is spread over two instances', async () => {
    const user = await freshAccount();
    const ip = '198.51.100.3';
    const before = await verifications();

    const answers = await burst(BURST, (i) => login(i % 2 === 0 ? suite.a : suite.b, ip, user.email, `falsch-${i}-geraten`));
    expect(statusCounts(answers)).toEqual({ 401: ACCOUNT_LIMIT, 429: BURST - ACCOUNT_LIMIT });
    expect(await verifications()).toBe(before + ACCOUNT_LIMIT);

    expectThrottled(await login(suite.b, ip, user.email, TEST_ACCOUNT_PASSWORD));
    expectThrottled(await login(suite.a, ip, user.email, TEST_ACCOUNT_PASSWORD));
    expect(await verifications()).toBe(before + ACCOUNT_LIMIT);
  });

  it('lets thirty through from one address when every attempt names another email', async () => {
    const ip = '198.51.100.4';
    const before = await verifications();
    const answers = await burst(BURST, (i) => login(i % 2 === 0 ? suite.a : suite.b, ip, `raten-${i}@muster-gmbh.de`, 'falsch-geraten-123'));
    expect(statusCounts(answers)).toEqual({ 401: ADDRESS_LIMIT, 429: BURST - ADDRESS_LIMIT });
    expect(await verifications()).toBe(before + ADDRESS_LIMIT);

    // A flood of refusals, each naming another email, adds at most 20 audit rows a minute for the address.
    const flood = await burst(BURST, (i) => login(suite.a, ip, `flut-${i}@muster-gmbh.de`, 'falsch-geraten-123'));
    expect(statusCounts(flood)).toEqual({ 429: BURST });
    const { rows } = await suite.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE kind = 'sign_in_throttled' AND ip = $1", [ip]);
    expect(rows[0]!.n).toBe(THROTTLED_ROWS_PER_ADDRESS_MINUTE);
  });
});

describe('a burst of concurrent password changes', () => {
  it('lets five wrong current passwords reach the check, then refuses the right one', async () => {
    const user = await freshAccount();
    const ip = '198.51.100.5';
    const cookie = await user.signIn();
    const before = await verifications();

    const answers = await burst(BURST, (i) => changePassword(i % 2 === 0 ? suite.a : suite.b, ip, cookie, `falsch-${i}-geraten`));
    expect(statusCounts(answers)).toEqual({ 400: ACCOUNT_LIMIT, 429: BURST - ACCOUNT_LIMIT });
    expect(answers.filter((a) => a.status === 400).every((a) => a.error?.code === 'wrong_password')).toBe(true);
    expect(await verifications()).toBe(before + ACCOUNT_LIMIT);

    expectThrottled(await changePassword(suite.a, ip, cookie, TEST_ACCOUNT_PASSWORD));
    expect(await verifications()).toBe(before + ACCOUNT_LIMIT);
  });
});

describe('the normal path', () => {
  it('signs in after fewer failures than the limit, and forgets them', async () => {
    const user = await freshAccount();
    const ip = '198.51.100.6';
    const wrong = await burst(ACCOUNT_LIMIT - 1, (i) => login(suite.a, ip, user.email, `falsch-${i}-geraten`));
    expect(statusCounts(wrong)).toEqual({ 401: ACCOUNT_LIMIT - 1 });
    expect((await login(suite.b, ip, user.email, TEST_ACCOUNT_PASSWORD)).status).toBe(200);

    // Forgotten: the account has its five attempts again.
    for (let attempt = 1; attempt <= ACCOUNT_LIMIT; attempt++) expect((await login(suite.a, ip, user.email, `wieder-${attempt}-falsch`)).status).toBe(401);
    expectThrottled(await login(suite.a, ip, user.email, TEST_ACCOUNT_PASSWORD));
  });

  it('does not count a right password as a failure: more sign-ins in a row than the address limit all succeed', async () => {
    const user = await freshAccount();
    const ip = '198.51.100.7';
    for (let n = 1; n <= ADDRESS_LIMIT + 1; n++) {
      expect((await login(n % 2 === 0 ? suite.a : suite.b, ip, user.email, TEST_ACCOUNT_PASSWORD)).status, `sign-in ${n}`).toBe(200);
    }
    const left = await suite.db.query('SELECT 1 FROM login_failures WHERE key = ANY($1::text[])', [[`account:${user.email}`, `ip:${ip}`]]);
    expect(left.rowCount).toBe(0);
  });

  it('changes the password with the right current one after a wrong one', async () => {
    const user = await freshAccount();
    const ip = '198.51.100.8';
    const cookie = await user.signIn();
    expect((await changePassword(suite.b, ip, cookie, 'falsch-geraten-123')).status).toBe(400);
    expect((await changePassword(suite.a, ip, cookie, TEST_ACCOUNT_PASSWORD)).status).toBe(204);
  });
});
