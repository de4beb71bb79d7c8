// Several sync servers sharing one Postgres (issue 6), the access side: a session made on one instance
// works on the other, failed sign-ins count together, and revoking a session or changing a role on one
// instance closes or downgrades the sockets open on the other — with the Postgres and the Redis bus.
// Also: instances started together on an empty database seed it once.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CloseCode, SESSION_REVOKED_REASON, orgDoc } from '@workmate/sync-protocol';
import { demoEmployeeId, demoUsers } from '../../sync-server/src/seed/demo-company.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { jsonApi } from '../helpers/json-api.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { proxyFor } from '../helpers/tcp-proxy.ts';
import { createTestAccount } from '../helpers/test-accounts.ts';
import { useTwoInstances } from '../helpers/two-instance-suite.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { WatchedSyncClient } from '../helpers/watched-sync-client.ts';

/** Generous: two cores shared with other test runs. Every wait ends as soon as its condition holds. */
const CONVERGE_MS = 30_000;

/** Appends a line to an employee's notes: a write. */
function type(client: WatchedSyncClient, id: string, line: string): void {
  client.doc.transact(() => {
    const notes = orgDoc.employeeNotes(orgDoc.employeesOf(client.doc).get(id)!);
    notes.insert(notes.length, line + '\n');
  });
}

describe.each(['postgres', 'redis'] as const)('access changes across two instances, fan-out through %s', (bus) => {
  const suite = useTwoInstances(bus);
  const { connect } = suite;
  const allSynced = (...list: WatchedSyncClient[]) => suite.allSynced(list, CONVERGE_MS);

  let nextEmployee = 10;
  const account = async (roles: string[]) => {
    const n = nextEmployee++;
    return createTestAccount(suite.a.url, suite.adminCookie, { email: `cluster-${bus}-${n}@muster-gmbh.de`, name: `Cluster ${n}`, roles, employeeId: demoEmployeeId(n) });
  };
  const api = () => jsonApi(suite.a.url);

  it('counts failed sign-ins on both instances together', async () => {
    const user = await account(['employee']);
    const attempt = (instance: ServerProcess) =>
      jsonApi(instance.url)('POST', '/api/auth/login', { body: { email: user.email, password: 'falsches-Passwort-123' } });
    for (const instance of [suite.a, suite.b, suite.a, suite.b, suite.a]) expect((await attempt(instance)).status).toBe(401);
    expect((await attempt(suite.b)).status).toBe(429);
    expect((await attempt(suite.a)).status).toBe(429);
  });

  it('accepts a session made on A on B, and ends it there when it is revoked on A', async () => {
    const user = await account(['hr']);
    const cookie = await user.signIn();
    expect((await jsonApi(suite.b.url)('GET', '/api/auth/me', { cookie })).status).toBe(200);
    const onB = connect(suite.b, 'org', cookie);
    await allSynced(onB);
    expect((await jsonApi(suite.a.url)('POST', '/api/auth/logout', { cookie })).status).toBeLessThan(300);
    await waitFor(() => onB.serverCloses.some((c) => c.code === CloseCode.Unauthorized), { timeoutMs: CONVERGE_MS, what: 'close 4401 on B' });
    expect((await jsonApi(suite.b.url)('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('closes the sockets of a session revoked on A that are open on B with 4401', async () => {
    const user = await account(['hr']);
    const cookie = await user.signIn();
    const onB = connect(suite.b, 'org', cookie);
    await allSynced(onB);
    const res = await api()('POST', `/api/admin/users/${user.id}/sign-out`, { cookie: suite.adminCookie });
    expect(res.status).toBe(200);
    await waitFor(() => onB.serverCloses.some((c) => c.code === CloseCode.Unauthorized), { timeoutMs: CONVERGE_MS, what: 'close 4401 on B' });
    expect(onB.serverCloses[0]).toEqual({ code: CloseCode.Unauthorized, reason: SESSION_REVOKED_REASON });
  });

  it('closes sockets on B with 4403 when A removes read access, and makes them read-only when A removes write access', async () => {
    const role = await api()('POST', '/api/admin/roles', { cookie: suite.adminCookie, body: { key: `ohne-${bus}`, name: 'Ohne', description: 'Test', permissions: ['calendar.read'] } });
    expect(role.status).toBe(201);
    const [lose, downgrade] = await Promise.all([account(['hr']), account(['hr'])]);
    const loseOnB = connect(suite.b, 'org', await lose.signIn());
    const downgradeOnB = connect(suite.b, 'org', await downgrade.signIn());
    await allSynced(loseOnB, downgradeOnB);

    expect((await api()('PATCH', `/api/admin/users/${lose.id}`, { cookie: suite.adminCookie, body: { roles: [`ohne-${bus}`] } })).status).toBe(200);
    await waitFor(() => loseOnB.serverCloses.some((c) => c.code === CloseCode.Forbidden), { timeoutMs: CONVERGE_MS, what: 'close 4403 on B' });

    expect((await api()('PATCH', `/api/admin/users/${downgrade.id}`, { cookie: suite.adminCookie, body: { roles: ['employee'] } })).status).toBe(200);
    // Read-only from now on: the socket stays, and the next write is refused. The re-check on B runs
    // when the message arrives; wait until a write made then is refused.
    await waitFor(
      async () => {
        type(downgradeOnB, demoEmployeeId(6), 'Schreibversuch nach Herabstufung');
        await waitFor(() => downgradeOnB.serverCloses.length > 0 || !downgradeOnB.provider.wsconnected, { timeoutMs: 500 }).catch(() => undefined);
        return downgradeOnB.serverCloses.some((c) => c.code === CloseCode.Forbidden);
      },
      { timeoutMs: CONVERGE_MS, what: 'the write on B to be refused with 4403' },
    );
  });

  it('applies access changes made while an instance had lost its database once it is back', async () => {
    const proxy = proxyFor(suite.databaseUrl);
    const link = await proxy.link('cut-off instance');
    const cutOff = await suite.startAnother({}, link.via(suite.databaseUrl));
    try {
      const role = await api()('POST', '/api/admin/roles', { cookie: suite.adminCookie, body: { key: `ohne-cut-${bus}`, name: 'Ohne (Ausfall)', description: 'Test', permissions: ['calendar.read'] } });
      expect(role.status).toBe(201);
      const [signedOut, demoted] = await Promise.all([account(['hr']), account(['hr'])]);
      const signedOutSocket = connect(cutOff, 'org', await signedOut.signIn());
      const demotedSocket = connect(cutOff, 'org', await demoted.signIn());
      await allSynced(signedOutSocket, demotedSocket);

      link.setRefusing(true);
      link.cut();
      expect((await api()('POST', `/api/admin/users/${signedOut.id}/sign-out`, { cookie: suite.adminCookie })).status).toBe(200);
      expect((await api()('PATCH', `/api/admin/users/${demoted.id}`, { cookie: suite.adminCookie, body: { roles: [`ohne-cut-${bus}`] } })).status).toBe(200);
      link.setRefusing(false);

      await waitFor(() => signedOutSocket.serverCloses.some((c) => c.code === CloseCode.Unauthorized), { timeoutMs: CONVERGE_MS, what: 'close 4401' });
      await waitFor(() => demotedSocket.serverCloses.some((c) => c.code === CloseCode.Forbidden), { timeoutMs: CONVERGE_MS, what: 'close 4403' });
    } finally {
      await cutOff.stop();
      await proxy.close();
    }
  });
});

describe('several instances starting at once on an empty database', () => {
  it('seeds the demo company once and starts every instance', async () => {
    const database = await createTestDatabase();
    const instances: ServerProcess[] = [];
    try {
      const started = await Promise.allSettled([0, 1].map(() => startServerProcess({ DATABASE_URL: database.url })));
      for (const s of started) if (s.status === 'fulfilled') instances.push(s.value);
      expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      try {
        const users = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
        const orgRows = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM doc_updates WHERE doc = 'org'");
        expect(users.rows[0]!.n).toBe(demoUsers.length);
        expect(orgRows.rows[0]!.n).toBe(1);
      } finally {
        await db.end();
      }
    } finally {
      await Promise.all(instances.map((s) => s.stop()));
      await database.drop();
    }
  });
});
