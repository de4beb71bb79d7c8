// Access changes reach open sockets at once: removing a role, editing a role's permissions, deactivating
// a user and ending sessions close the affected sync sockets (4403 for lost access, 4401 "session revoked"
// for an ended session) within a second, and a downgrade to read-only refuses the next write.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, SESSION_REVOKED_REASON, orgDoc, profileDoc } from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { jsonApi, type JsonApi } from '../helpers/json-api.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { TEST_ACCOUNT_PASSWORD, createTestAccount, type TestAccount } from '../helpers/test-accounts.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { connectWatchedClient, type WatchedSyncClient } from '../helpers/watched-sync-client.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

/**
 * Requirement deadline, not a tuning value: a change of access must reach open sockets "within a
 * second". Every wait for a pushed close starts when the admin's (or user's) request is sent.
 */
const REVOCATION_DEADLINE_MS = 1000;

/** The directory record edits go to (no test account is linked to it). */
const EDITED_EMPLOYEE = demoEmployeeId(24);
/** A custom role without access to any doc: what users are moved to when they lose access. */
const NO_DOC_ACCESS = 'ohne-verzeichnis';

let server: ServerProcess;
let databaseUrl: string;
let dropDatabase: () => Promise<void>;
let api: JsonApi;
let adminCookie: string;
/** Test accounts are linked to demo employees 6, 7, … (0–5 belong to the seeded demo sign-ins). */
let nextEmployee = 6;
let nextAccount = 1;
const clients: WatchedSyncClient[] = [];

beforeAll(async () => {
  const database = await createTestDatabase();
  databaseUrl = database.url;
  dropDatabase = database.drop;
  server = await startServerProcess({ DATABASE_URL: database.url });
  api = jsonApi(server.url);
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
  await createRole(NO_DOC_ACCESS, ['calendar.read']);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await server?.stop();
  await dropDatabase?.();
});

/** A new account with `roles`, linked to an employee record of its own. */
function account(roles: string[]): Promise<TestAccount> {
  const n = nextAccount++;
  return createTestAccount(server.url, adminCookie, {
    email: `revocation-${n}@muster-gmbh.de`,
    name: `Revocation ${n}`,
    roles,
    employeeId: demoEmployeeId(nextEmployee++),
  });
}

function connect(cookie: string, name = 'org', doc?: Y.Doc): WatchedSyncClient {
  const client = connectWatchedClient(server.url, name, cookie, doc);
  clients.push(client);
  return client;
}

async function synced(cookie: string, name = 'org'): Promise<WatchedSyncClient> {
  const client = connect(cookie, name);
  await waitFor(() => client.provider.synced, { what: `${name} to sync` });
  return client;
}

const closedWith = (client: WatchedSyncClient, code: number) => client.serverCloses.some((c) => c.code === code);

/** Waits, from now, at most the requirement deadline for every client to be closed with `code`. */
function closeWithinDeadline(code: number, ...sockets: WatchedSyncClient[]) {
  return waitFor(() => sockets.every((s) => closedWith(s, code)), { timeoutMs: REVOCATION_DEADLINE_MS, what: `close ${code}` });
}

const positionOf = (doc: Y.Doc) => orgDoc.readEmployee(orgDoc.employeesOf(doc).get(EDITED_EMPLOYEE)!).position;

function setPosition(doc: Y.Doc, position: string): void {
  doc.transact(() => orgDoc.setEmployeeField(doc, EDITED_EMPLOYEE, 'position', position, new Date().toISOString()));
}

/** An admin edit (through `admin`, or a new admin client) reaches `client`: its socket is open and syncing. */
async function expectStillSyncing(client: WatchedSyncClient, label: string, admin?: WatchedSyncClient): Promise<void> {
  admin ??= await synced(adminCookie);
  const position = `${label} ${Date.now()}`;
  setPosition(admin.doc, position);
  await waitFor(() => positionOf(client.doc) === position, { what: `an admin edit to reach ${label}` });
}

const createRole = async (key: string, permissions: string[]) => {
  const res = await api('POST', '/api/admin/roles', { cookie: adminCookie, body: { key, name: key, description: 'Für Tests', permissions } });
  expect(res.status).toBe(201);
};

const me = (cookie: string) => api('GET', '/api/auth/me', { cookie });

describe('losing access to a doc', () => {
  it('closes the socket of a user editing the org doc with 4403 within a second of an admin removing their role', async () => {
    const user = await account(['hr']);
    const editor = await synced(await user.signIn());
    const admin = await synced(adminCookie);
    setPosition(editor.doc, 'Personalreferentin (Vertretung)');
    await waitFor(() => positionOf(admin.doc) === 'Personalreferentin (Vertretung)', { what: 'the edit to reach an admin' });

    // Pushed, not polled: the server holds no timer that re-checks access. Changing the roles behind
    // its back, directly in Postgres, leaves the socket open and syncing for twice the deadline; the
    // same change through the admin API then closes it within the deadline.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query('UPDATE users SET roles = $2 WHERE id = $1', [user.id, [NO_DOC_ACCESS]]);
    } finally {
      await db.end();
    }
    const unnoticedUntil = Date.now() + 2 * REVOCATION_DEADLINE_MS;
    for (let round = 1; Date.now() < unnoticedUntil; round++) await expectStillSyncing(editor, `Runde ${round}`, admin);
    expect(editor.serverCloses).toEqual([]);

    const change = api('PATCH', `/api/admin/users/${user.id}`, { cookie: adminCookie, body: { roles: [NO_DOC_ACCESS] } });
    await closeWithinDeadline(CloseCode.Forbidden, editor);
    expect((await change).status).toBe(200);
    expect(editor.serverCloses).toEqual([{ code: CloseCode.Forbidden, reason: 'access revoked' }]);

    // What they type afterwards stays on their device: reconnecting is refused before any frame is read.
    setPosition(editor.doc, 'Nach dem Entzug');
    editor.provider.connect();
    await waitFor(() => editor.serverCloses.length === 2, { what: 'the reconnect to be refused' });
    expect(editor.serverCloses[1]!.code).toBe(CloseCode.Forbidden);
    const fresh = await synced(adminCookie);
    expect(positionOf(fresh.doc)).not.toBe('Nach dem Entzug');
  });

  it('keeps a socket open and syncing after a downgrade from write to read, and refuses the next write with 4403', async () => {
    const user = await account(['hr']);
    const client = await synced(await user.signIn());

    const res = await api('PATCH', `/api/admin/users/${user.id}`, { cookie: adminCookie, body: { roles: ['employee'] } });
    expect(res.status).toBe(200);
    await expectStillSyncing(client, 'Nach der Herabstufung');
    expect(client.serverCloses).toEqual([]);

    const lastSynced = positionOf(client.doc);
    setPosition(client.doc, 'Schreibversuch nur mit Leserecht');
    await waitFor(() => closedWith(client, CloseCode.Forbidden), { what: 'close 4403' });
    const fresh = await synced(adminCookie);
    expect(positionOf(fresh.doc)).toBe(lastSynced);
  });

  it('closes the sockets of every holder of a role that loses read access, and only theirs', async () => {
    await createRole('verzeichnis-team', ['org.read', 'org.write']);
    const holders = await Promise.all([account(['verzeichnis-team']), account(['verzeichnis-team'])]);
    const bystanderAccount = await account(['employee']);
    const [first, second] = await Promise.all(holders.map(async (h) => synced(await h.signIn())));
    const bystander = await synced(await bystanderAccount.signIn());

    const change = api('PATCH', '/api/admin/roles/verzeichnis-team', { cookie: adminCookie, body: { permissions: ['calendar.read'] } });
    await closeWithinDeadline(CloseCode.Forbidden, first, second);
    expect((await change).status).toBe(200);
    await expectStillSyncing(bystander, 'Unbeteiligt');
    expect(bystander.serverCloses).toEqual([]);
  });

  it('makes holders of a role read-only when the role loses only its write permission', async () => {
    await createRole('verzeichnis-pflege', ['org.read', 'org.write']);
    const holder = await account(['verzeichnis-pflege']);
    const client = await synced(await holder.signIn());

    const res = await api('PATCH', '/api/admin/roles/verzeichnis-pflege', { cookie: adminCookie, body: { permissions: ['org.read'] } });
    expect(res.status).toBe(200);
    await expectStillSyncing(client, 'Nur noch lesen');
    const current = positionOf(client.doc);
    setPosition(client.doc, 'Schreibversuch nach Rollenänderung');
    await waitFor(() => closedWith(client, CloseCode.Forbidden), { what: 'close 4403' });
    expect(positionOf((await synced(adminCookie)).doc)).toBe(current);
  });

  it('closes the socket of an account’s old profile when an admin links the account to another employee', async () => {
    const user = await account(['employee']);
    const cookie = await user.signIn();
    const oldProfile = await synced(cookie, `profile/${user.employeeId}`);
    const directory = await synced(cookie);
    const newEmployee = demoEmployeeId(nextEmployee++);

    const relink = api('PATCH', `/api/admin/users/${user.id}`, { cookie: adminCookie, body: { employeeId: newEmployee } });
    await closeWithinDeadline(CloseCode.Forbidden, oldProfile);
    expect((await relink).status).toBe(200);
    await expectStillSyncing(directory, 'Neu verknüpft');
    expect(directory.serverCloses).toEqual([]);
    await synced(cookie, `profile/${newEmployee}`);
  });
});

describe('ending sessions', () => {
  it('closes every socket of a deactivated user with 4401 "session revoked", refuses their cookie and sign-in, and lets them back after reactivation', async () => {
    const user = await account(['employee']);
    const cookie = await user.signIn();
    const sockets = [await synced(cookie), await synced(cookie, `profile/${user.employeeId}`)];

    const deactivate = api('PATCH', `/api/admin/users/${user.id}`, { cookie: adminCookie, body: { active: false } });
    await closeWithinDeadline(CloseCode.Unauthorized, ...sockets);
    expect((await deactivate).status).toBe(200);
    for (const socket of sockets) expect(socket.serverCloses).toEqual([{ code: CloseCode.Unauthorized, reason: SESSION_REVOKED_REASON }]);

    const old = await me(cookie);
    expect({ status: old.status, code: old.errorCode }).toEqual({ status: 401, code: 'session_revoked' });
    const login = await api('POST', '/api/auth/login', { body: { email: user.email, password: TEST_ACCOUNT_PASSWORD } });
    expect({ status: login.status, code: login.errorCode }).toEqual({ status: 401, code: 'invalid_credentials' });

    const reactivate = await api('PATCH', `/api/admin/users/${user.id}`, { cookie: adminCookie, body: { active: true } });
    expect(reactivate.status).toBe(200);
    const again = await user.signIn();
    expect((await me(again)).status).toBe(200);
    await synced(again, `profile/${user.employeeId}`);
  });

  it('closes every socket of every session with 4401 when an admin signs the user out everywhere', async () => {
    const user = await account(['hr']);
    const [laptop, phone] = [await user.signIn(), await user.signIn()];
    const sockets = [await synced(laptop), await synced(laptop, `profile/${user.employeeId}`), await synced(phone)];

    const signOut = api('POST', `/api/admin/users/${user.id}/sign-out`, { cookie: adminCookie });
    await closeWithinDeadline(CloseCode.Unauthorized, ...sockets);
    const res = await signOut;
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { ended: 2 } });
    for (const socket of sockets) expect(socket.serverCloses).toEqual([{ code: CloseCode.Unauthorized, reason: SESSION_REVOKED_REASON }]);
    for (const cookie of [laptop, phone]) expect((await me(cookie)).errorCode).toBe('session_revoked');
  });

  it('closes every socket with 4401 when an admin resets the user’s password', async () => {
    const user = await account(['employee']);
    const cookie = await user.signIn();
    const socket = await synced(cookie, `profile/${user.employeeId}`);
    const newPassword = 'Neues-Passwort-vom-Admin-77';

    const reset = api('POST', `/api/admin/users/${user.id}/password`, { cookie: adminCookie, body: { kind: 'password', password: newPassword } });
    await closeWithinDeadline(CloseCode.Unauthorized, socket);
    expect((await reset).status).toBe(204);
    expect(socket.serverCloses).toEqual([{ code: CloseCode.Unauthorized, reason: SESSION_REVOKED_REASON }]);
    expect((await me(cookie)).errorCode).toBe('session_revoked');
    expect((await me(await user.signIn(newPassword))).status).toBe(200);
  });

  it('closes only the sockets of the session a user ends from another device', async () => {
    const user = await account(['employee']);
    const [laptop, phone] = [await user.signIn(), await user.signIn()];
    const onLaptop = await synced(laptop);
    const onPhone = [await synced(phone), await synced(phone, `profile/${user.employeeId}`)];

    const listed = await api<{ sessions: Array<{ id: string; current: boolean }> }>('GET', '/api/account/sessions', { cookie: laptop });
    expect(listed.body.sessions).toHaveLength(2);
    const phoneSession = listed.body.sessions.find((s) => !s.current)!;

    const end = api('DELETE', `/api/account/sessions/${phoneSession.id}`, { cookie: laptop });
    await closeWithinDeadline(CloseCode.Unauthorized, ...onPhone);
    expect((await end).status).toBe(204);
    for (const socket of onPhone) expect(socket.serverCloses).toEqual([{ code: CloseCode.Unauthorized, reason: SESSION_REVOKED_REASON }]);

    await expectStillSyncing(onLaptop, 'Laptop bleibt');
    expect(onLaptop.serverCloses).toEqual([]);
    expect((await me(laptop)).status).toBe(200);
    expect((await me(phone)).errorCode).toBe('session_revoked');
  });

  it('ends the other sessions when a user changes their password, and keeps the current one', async () => {
    const user = await account(['employee']);
    const [laptop, phone, tablet] = [await user.signIn(), await user.signIn(), await user.signIn()];
    const current = await synced(laptop, `profile/${user.employeeId}`);
    const others = [await synced(phone), await synced(tablet, `profile/${user.employeeId}`)];
    const newPassword = 'Zwei-Kaffee-ohne-Zucker-2026';

    const change = api('POST', '/api/account/password', { cookie: laptop, body: { currentPassword: TEST_ACCOUNT_PASSWORD, newPassword } });
    await closeWithinDeadline(CloseCode.Unauthorized, ...others);
    expect((await change).status).toBe(204);
    for (const socket of others) expect(socket.serverCloses).toEqual([{ code: CloseCode.Unauthorized, reason: SESSION_REVOKED_REASON }]);

    // The current device keeps its socket: its own edit still reaches the server.
    current.doc.transact(() => profileDoc.setProfileField(current.doc, 'privatePhone', '+49 170 5550100', new Date().toISOString()));
    const admin = await synced(adminCookie, `profile/${user.employeeId}`);
    await waitFor(() => profileDoc.readProfile(admin.doc).privatePhone === '+49 170 5550100', { what: 'the edit from the current device' });
    expect(current.serverCloses).toEqual([]);
    expect((await me(laptop)).status).toBe(200);
    for (const cookie of [phone, tablet]) expect((await me(cookie)).errorCode).toBe('session_revoked');

    const oldLogin = await api('POST', '/api/auth/login', { body: { email: user.email, password: TEST_ACCOUNT_PASSWORD } });
    expect({ status: oldLogin.status, code: oldLogin.errorCode }).toEqual({ status: 401, code: 'invalid_credentials' });
    expect((await me(await user.signIn(newPassword))).status).toBe(200);
  });
});

// A socket passes its session and access checks first, then waits for its doc to load; only then does
// the server know it as open. A change of access that lands in between must still reach it. Holding a
// lock on the snapshot table stands in for a slow load (a large doc, a busy database) and makes the
// window deterministic: the test waits until the load is blocked, changes access, then lets it finish.
describe('a socket still loading its doc when access changes', () => {
  /** Runs `during` while every doc load of the server waits for a lock; returns once loads may go on. */
  async function whileDocLoadsWait(during: () => Promise<void>): Promise<void> {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query('LOCK TABLE doc_snapshots IN ACCESS EXCLUSIVE MODE');
      await during();
    } finally {
      await db.query('COMMIT').catch(() => undefined);
      await db.end();
    }
  }

  async function aLoadIsWaiting(): Promise<boolean> {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return Number(rows[0]!.n) > 0;
    } finally {
      await db.end();
    }
  }

  /** What a colleague's-profile socket ended up with: how the server closed it, and what it received. */
  const socketState = (socket: WatchedSyncClient) => ({
    closes: socket.serverCloses.map((c) => c.code),
    synced: socket.provider.synced,
    receivedIban: profileDoc.readProfile(socket.doc).iban,
  });

  it('refuses a socket with 4403 when the user loses read access while its doc loads', async () => {
    const user = await account(['hr']);
    const cookie = await user.signIn();
    const colleague = `profile/${demoEmployeeId(0)}`;
    let socket!: WatchedSyncClient;

    await whileDocLoadsWait(async () => {
      socket = connect(cookie, colleague);
      await waitFor(aLoadIsWaiting, { what: 'the doc load to wait for the lock' });
      const res = await api('PATCH', `/api/admin/users/${user.id}`, { cookie: adminCookie, body: { roles: [NO_DOC_ACCESS] } });
      expect(res.status).toBe(200);
    });

    // The deadline starts when the load may finish, so a server that re-checks after loading passes too.
    // On a timeout the assertion below shows what the socket got instead.
    await closeWithinDeadline(CloseCode.Forbidden, socket).catch(() => undefined);
    expect(socketState(socket)).toEqual({ closes: [CloseCode.Forbidden], synced: false, receivedIban: '' });
  });

  it('refuses a socket with 4401 when the user is deactivated while its doc loads', async () => {
    const user = await account(['hr']);
    const cookie = await user.signIn();
    const colleague = `profile/${demoEmployeeId(1)}`;
    let socket!: WatchedSyncClient;

    await whileDocLoadsWait(async () => {
      socket = connect(cookie, colleague);
      await waitFor(aLoadIsWaiting, { what: 'the doc load to wait for the lock' });
      const res = await api('PATCH', `/api/admin/users/${user.id}`, { cookie: adminCookie, body: { active: false } });
      expect(res.status).toBe(200);
    });

    await closeWithinDeadline(CloseCode.Unauthorized, socket).catch(() => undefined);
    expect(socketState(socket)).toEqual({ closes: [CloseCode.Unauthorized], synced: false, receivedIban: '' });
  });
});
