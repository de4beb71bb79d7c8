// The authorization matrix against the real server, generated from the permission tables: every default
// role against every doc kind (read and write; a per-employee kind both for the account's own record and a
// colleague's) and every default role plus anonymous against every REST endpoint. The tables say what
// should happen (`can` with `docAccess`, the endpoint table); y-websocket clients and HTTP requests show
// what does. Hand-written expectations at the end guard against the tables themselves being wrong.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { can, defaultRoles, hasPermission, type RoleDefinition, type Subject } from '@workmate/domain/access';
import {
  CloseCode,
  docAccess,
  docName,
  endpoints,
  exampleDocRefs,
  orgDoc,
  profileDoc,
  splitEndpointKey,
  type DocKind,
  type DocRef,
  type EndpointKey,
} from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { jsonApi, type JsonApi } from '../helpers/json-api.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { createTestAccount, type TestAccount } from '../helpers/test-accounts.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { connectWatchedClient, type WatchedSyncClient } from '../helpers/watched-sync-client.ts';
import { DEMO_PASSWORD, demoEmployeeCount, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

/** Matrix accounts are linked to demo employees 6, 7, … (0–5 belong to the seeded demo sign-ins). */
const FIRST_MATRIX_EMPLOYEE = 6;
/** A colleague no matrix account is linked to: whose records are "someone else's". */
const COLLEAGUE = demoEmployeeId(demoEmployeeCount - 1);

const employeeIdOf = (role: RoleDefinition) => demoEmployeeId(FIRST_MATRIX_EMPLOYEE + defaultRoles.indexOf(role));
const subjectOf = (role: RoleDefinition): Subject => ({ permissions: role.permissions, employeeId: employeeIdOf(role), departmentIds: [] });
const roleLabel = (role: RoleDefinition) => `${role.name} (${role.key})`;

// ---- what each doc kind looks like to a test: an edit that leaves a marker, and the doc's content ----

/** The directory record the org edits change; nobody's account is linked to it. */
const EDITED_EMPLOYEE = COLLEAGUE;

type DocProbe = {
  /** Changes the doc so that `shows` finds `marker`. Call on a doc that holds the server's state. */
  edit(doc: Y.Doc, marker: string): void;
  shows(doc: Y.Doc, marker: string): boolean;
  /** Everything the doc holds, comparable between replicas. */
  content(doc: Y.Doc): string;
};

const docProbes: Record<DocKind, DocProbe> = {
  org: {
    edit: (doc, marker) => {
      doc.transact(() => orgDoc.setEmployeeField(doc, EDITED_EMPLOYEE, 'position', marker, new Date().toISOString()));
    },
    shows: (doc, marker) => {
      const record = orgDoc.employeesOf(doc).get(EDITED_EMPLOYEE);
      return record !== undefined && orgDoc.readEmployee(record).position === marker;
    },
    content: (doc) =>
      JSON.stringify([orgDoc.employeesOf(doc).toJSON(), orgDoc.departmentsOf(doc).toJSON(), orgDoc.rolesOf(doc).toJSON()]),
  },
  profile: {
    edit: (doc, marker) => {
      doc.transact(() => profileDoc.setProfileField(doc, 'city', marker, new Date().toISOString()));
    },
    shows: (doc, marker) => profileDoc.readProfile(doc).city === marker,
    content: (doc) => JSON.stringify(profileDoc.profileOf(doc).toJSON()),
  },
};

// ---- the doc matrix, from the tables ----

type DocTarget = { label: string; ref: DocRef };

/** The docs a role is tested against: one per kind, and for a per-employee kind their own and a colleague's. */
function docTargets(role: RoleDefinition): DocTarget[] {
  return (Object.entries(exampleDocRefs) as Array<[DocKind, (employeeId: string) => DocRef]>).flatMap(([kind, example]) => {
    const own = example(employeeIdOf(role));
    const colleagues = example(COLLEAGUE);
    if (docName(own) === docName(colleagues)) return [{ label: `the ${kind} doc`, ref: own }];
    return [
      { label: `their own ${kind}`, ref: own },
      { label: `a colleague's ${kind}`, ref: colleagues },
    ];
  });
}

type DocCase = { role: RoleDefinition; target: DocTarget; action: 'read' | 'write'; readAllowed: boolean; allowed: boolean };

const docCases: DocCase[] = defaultRoles.flatMap((role) =>
  docTargets(role).flatMap((target) => {
    const access = docAccess(target.ref);
    const subject = subjectOf(role);
    const readAllowed = can(subject, access.read.permission, access.read.resource);
    // Writing needs the socket, and the socket needs read access.
    const writeAllowed = readAllowed && can(subject, access.write.permission, access.write.resource);
    return [
      { role, target, action: 'read' as const, readAllowed, allowed: readAllowed },
      { role, target, action: 'write' as const, readAllowed, allowed: writeAllowed },
    ];
  }),
);

// ---- the endpoint matrix, from the table ----

/**
 * How each endpoint is called so that a request that passes the guard changes nothing: state-changing
 * endpoints get a body or path parameter that fails validation (400 — validation runs after the guard, so
 * the 400 proves access was granted). Typed over every endpoint key: a new endpoint needs a probe here.
 */
type EndpointProbe = { path: string; body?: unknown; passes: number; throwawaySession?: boolean };

const endpointProbes: Record<EndpointKey, EndpointProbe> = {
  'GET /healthz': { path: '/healthz', passes: 200 },
  'POST /api/auth/login': { path: '/api/auth/login', body: {}, passes: 400 },
  // Signing out ends the session it carries: use a session of the same account made for this request only.
  'POST /api/auth/logout': { path: '/api/auth/logout', passes: 204, throwawaySession: true },
  'GET /api/auth/me': { path: '/api/auth/me', passes: 200 },
  'POST /api/auth/set-password': { path: '/api/auth/set-password', body: {}, passes: 400 },
  'GET /api/account/sessions': { path: '/api/account/sessions', passes: 200 },
  'DELETE /api/account/sessions/:id': { path: '/api/account/sessions/not-a-session-id', passes: 400 },
  'DELETE /api/account/sessions': { path: '/api/account/sessions?except=nothing', passes: 400 },
  'POST /api/account/password': { path: '/api/account/password', body: {}, passes: 400 },
  'GET /api/admin/users': { path: '/api/admin/users', passes: 200 },
  'POST /api/admin/users': { path: '/api/admin/users', body: {}, passes: 400 },
  'PATCH /api/admin/users/:id': { path: '/api/admin/users/not-an-id', body: {}, passes: 400 },
  'POST /api/admin/users/:id/password': { path: '/api/admin/users/not-an-id/password', body: {}, passes: 400 },
  'POST /api/admin/users/:id/sign-out': { path: '/api/admin/users/not-an-id/sign-out', body: {}, passes: 400 },
  'GET /api/admin/roles': { path: '/api/admin/roles', passes: 200 },
  'POST /api/admin/roles': { path: '/api/admin/roles', body: {}, passes: 400 },
  'PATCH /api/admin/roles/:key': { path: '/api/admin/roles/Not_A_Key', body: {}, passes: 400 },
  'DELETE /api/admin/roles/:key': { path: '/api/admin/roles/Not_A_Key', passes: 400 },
  'GET /api/admin/audit': { path: '/api/admin/audit?limit=1', passes: 200 },
  'GET /api/admin/audit.csv': { path: '/api/admin/audit.csv?from=2000-01-01&to=2000-01-01', passes: 200 },
};

type EndpointExpectation = 'passes' | 401 | 403;
type EndpointCase = { key: EndpointKey; role: RoleDefinition | null; expected: EndpointExpectation };

function expectedFor(key: EndpointKey, role: RoleDefinition | null): EndpointExpectation {
  const access: 'public' | 'session' | readonly string[] = endpoints[key].access;
  if (access === 'public') return 'passes';
  if (!role) return 401;
  if (access === 'session') return 'passes';
  return access.some((permission) => hasPermission(role.permissions, permission)) ? 'passes' : 403;
}

const endpointCases: EndpointCase[] = (Object.keys(endpoints) as EndpointKey[]).flatMap((key) =>
  [null, ...defaultRoles].map((role) => ({ key, role, expected: expectedFor(key, role) })),
);

// ---- the server ----

let server: ServerProcess;
let dropDatabase: () => Promise<void>;
let api: JsonApi;
let adminCookie: string;
const accounts = new Map<string, TestAccount>();
const cookies = new Map<string, string>();
const clients: WatchedSyncClient[] = [];

function connect(cookie: string | null, name: string, doc?: Y.Doc): WatchedSyncClient {
  const client = connectWatchedClient(server.url, name, cookie, doc);
  clients.push(client);
  return client;
}

async function synced(cookie: string, name: string): Promise<WatchedSyncClient> {
  const client = connect(cookie, name);
  await waitFor(() => client.provider.synced, { what: `${name} to sync` });
  return client;
}

const closedWith = (client: WatchedSyncClient, code: number) => client.serverCloses.some((c) => c.code === code);
const cookieOf = (roleKey: string) => cookies.get(roleKey)!;

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  server = await startServerProcess({ DATABASE_URL: database.url });
  api = jsonApi(server.url);
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
  for (const role of defaultRoles) {
    const account = await createTestAccount(server.url, adminCookie, {
      email: `matrix-${role.key}@muster-gmbh.de`,
      name: `Matrix ${role.name}`,
      roles: [role.key],
      employeeId: employeeIdOf(role),
    });
    accounts.set(role.key, account);
    cookies.set(role.key, await account.signIn());
  }
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await server?.stop();
  await dropDatabase?.();
});

it('runs the matrix against the roles the server actually holds', async () => {
  const res = await api<{ roles: Array<{ key: string; permissions: string[] }> }>('GET', '/api/admin/roles', { cookie: adminCookie });
  expect(res.status).toBe(200);
  for (const role of defaultRoles) {
    expect(res.body.roles.find((r) => r.key === role.key)?.permissions.toSorted(), role.key).toEqual(role.permissions.toSorted());
  }
});

describe(`doc access: ${docCases.length} cases`, () => {
  for (const { role, target, action, readAllowed, allowed } of docCases) {
    const name = docName(target.ref);
    const probe = docProbes[target.ref.kind];

    it(`${roleLabel(role)} ${allowed ? 'may' : 'may not'} ${action} ${target.label}`, async () => {
      const cookie = cookieOf(role.key);
      const admin = await synced(adminCookie, name);

      if (action === 'read') {
        const reader = connect(cookie, name);
        if (allowed) {
          await waitFor(() => reader.provider.synced, { what: `${roleLabel(role)} to sync ${name}` });
          expect(probe.content(reader.doc)).toBe(probe.content(admin.doc));
        } else {
          await waitFor(() => closedWith(reader, CloseCode.Forbidden), { what: 'close 4403' });
          expect(reader.provider.synced).toBe(false);
          expect(reader.doc.store.clients.size).toBe(0);
        }
        expect(reader.serverCloses.map((c) => c.code)).toEqual(allowed ? [] : [CloseCode.Forbidden]);
        return;
      }

      const before = probe.content(admin.doc);
      const marker = `Matrix ${role.key} ${name} ${Date.now()}`;
      let writer: WatchedSyncClient;
      if (readAllowed) {
        writer = connect(cookie, name);
        await waitFor(() => writer.provider.synced, { what: `${roleLabel(role)} to sync ${name}` });
        probe.edit(writer.doc, marker);
      } else {
        // Without read access there is no socket to write through; the attempt is a replica edited
        // offline (from when the user could read it) that comes back.
        const replica = new Y.Doc();
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(admin.doc));
        probe.edit(replica, marker);
        writer = connect(cookie, name, replica);
      }

      if (allowed) {
        await waitFor(() => probe.shows(admin.doc, marker), { what: `the edit of ${roleLabel(role)} to reach an admin` });
        // The socket is still open after the server applied the write: an edit travels back through it.
        const reply = `${marker} (reply)`;
        probe.edit(admin.doc, reply);
        await waitFor(() => probe.shows(writer.doc, reply), { what: `an admin's reply to reach ${roleLabel(role)}` });
        expect(writer.serverCloses).toEqual([]);
        return;
      }

      await waitFor(() => closedWith(writer, CloseCode.Forbidden), { what: 'close 4403' });
      writer.destroy();
      const fresh = await synced(adminCookie, name);
      expect(probe.shows(fresh.doc, marker)).toBe(false);
      expect(probe.content(fresh.doc)).toBe(before);
      expect(probe.shows(admin.doc, marker)).toBe(false);
    });
  }
});

describe(`endpoint access: ${endpointCases.length} cases`, () => {
  for (const { key, role, expected } of endpointCases) {
    const subject = role ? roleLabel(role) : 'anonymous';
    const outcome = expected === 'passes' ? 'passes the guard of' : `gets ${expected} from`;

    it(`${subject} ${outcome} ${key}`, async () => {
      const { method } = splitEndpointKey(key);
      const probe = endpointProbes[key];
      let cookie: string | null = null;
      if (role) cookie = probe.throwawaySession ? await accounts.get(role.key)!.signIn() : cookieOf(role.key);
      const res = await api(method, probe.path, { cookie, body: probe.body });
      if (expected === 'passes') {
        expect({ status: res.status, code: res.errorCode }).toMatchObject({ status: probe.passes });
        expect([401, 403]).not.toContain(res.status);
      } else {
        expect({ status: res.status, code: res.errorCode }).toEqual({ status: expected, code: expected === 401 ? 'unauthorized' : 'forbidden' });
      }
    });
  }
});

// ---- delegation: administrators with part of the admin rights against everything above them ----

/** Every admin endpoint that changes an account or a role, and the escalation a limited admin tries there. */
type EscalationKey = Extract<EndpointKey, `${'POST' | 'PATCH' | 'DELETE'} /api/admin/${'users' | 'roles'}${string}`>;
type EscalationTarget = { selfId: string; selfRole: string; adminId: string };
const escalations: Record<EscalationKey, (t: EscalationTarget) => { path: string; body?: unknown; code: string }> = {
  'POST /api/admin/users': () => ({
    path: '/api/admin/users',
    body: { name: 'Neu Admin', email: 'neu-admin@muster-gmbh.de', roles: ['admin'], employeeId: null, credential: { kind: 'link' } },
    code: 'grant_not_held',
  }),
  'PATCH /api/admin/users/:id': (t) => ({ path: `/api/admin/users/${t.selfId}`, body: { roles: ['admin'] }, code: 'own_roles' }),
  'POST /api/admin/users/:id/password': (t) => ({ path: `/api/admin/users/${t.adminId}/password`, body: { kind: 'link' }, code: 'account_outranks_you' }),
  'POST /api/admin/users/:id/sign-out': (t) => ({ path: `/api/admin/users/${t.adminId}/sign-out`, code: 'account_outranks_you' }),
  'POST /api/admin/roles': () => ({ path: '/api/admin/roles', body: { name: 'Alles', description: '', permissions: ['*'] }, code: 'grant_not_held' }),
  'PATCH /api/admin/roles/:key': (t) => ({ path: `/api/admin/roles/${t.selfRole}`, body: { permissions: ['*'] }, code: 'own_role_permissions' }),
  'DELETE /api/admin/roles/:key': () => ({ path: '/api/admin/roles/hr', code: 'role_outranks_you' }),
};
const limitedAdmins = [
  { key: 'matrix-user-admin', permissions: ['admin.users'] },
  { key: 'matrix-role-admin', permissions: ['admin.roles'] },
];
const escalationCases = limitedAdmins.flatMap((limited) =>
  (Object.keys(escalations) as EscalationKey[]).map((key) => {
    const access = endpoints[key].access;
    const passesGuard = Array.isArray(access) && access.some((needed) => hasPermission(limited.permissions, needed));
    return { limited, key, passesGuard };
  }),
);

describe(`delegation: ${escalationCases.length} escalation attempts by limited administrators`, () => {
  const limitedCookies = new Map<string, { cookie: string; id: string }>();
  let adminId = '';
  beforeAll(async () => {
    const users = await api<{ users: Array<{ id: string; email: string }> }>('GET', '/api/admin/users', { cookie: adminCookie });
    adminId = users.body.users.find((u) => u.email === 'admin@muster-gmbh.de')!.id;
    for (const limited of limitedAdmins) {
      const role = await api('POST', '/api/admin/roles', { cookie: adminCookie, body: { key: limited.key, name: limited.key, description: '', permissions: limited.permissions } });
      expect(role.status, JSON.stringify(role.body)).toBe(201);
      const account = await createTestAccount(server.url, adminCookie, { email: `${limited.key}@muster-gmbh.de`, name: limited.key, roles: [limited.key], employeeId: null });
      limitedCookies.set(limited.key, { cookie: await account.signIn(), id: account.id });
    }
  });

  for (const { limited, key, passesGuard } of escalationCases) {
    const attempt = escalations[key]({ selfId: '', selfRole: limited.key, adminId: '' });
    const outcome = passesGuard ? `is refused with ${attempt.code}` : 'is refused by the guard';
    it(`${limited.permissions.join(', ')} only: ${key} ${outcome}`, async () => {
      const self = limitedCookies.get(limited.key)!;
      const { method } = splitEndpointKey(key);
      const { path, body, code } = escalations[key]({ selfId: self.id, selfRole: limited.key, adminId });
      const res = await api(method, path, { cookie: self.cookie, body });
      expect({ status: res.status, code: res.errorCode }).toEqual({ status: 403, code: passesGuard ? code : 'forbidden' });
    });
  }

  it('left the Admin, its role and the limited accounts as they were', async () => {
    const users = await api<{ users: Array<{ id: string; roles: string[]; active: boolean }> }>('GET', '/api/admin/users', { cookie: adminCookie });
    expect(users.body.users.find((u) => u.id === adminId)).toMatchObject({ roles: ['admin'], active: true });
    for (const limited of limitedAdmins) expect(users.body.users.find((u) => u.id === limitedCookies.get(limited.key)!.id)?.roles).toEqual([limited.key]);
    const roles = await api<{ roles: Array<{ key: string; permissions: string[] }> }>('GET', '/api/admin/roles', { cookie: adminCookie });
    expect(roles.body.roles.find((r) => r.key === 'admin')?.permissions).toEqual(['*']);
    for (const limited of limitedAdmins) expect(roles.body.roles.find((r) => r.key === limited.key)?.permissions).toEqual(limited.permissions);
    expect(roles.body.roles.some((r) => r.permissions.includes('*') && r.key !== 'admin')).toBe(false);
  });
});

// Written by hand from the product's rules, not derived from the tables above.
describe('access rules as the business states them', () => {
  it('keeps a colleague’s profile from a Mitarbeiter but lets them read and write their own', async () => {
    const cookie = cookieOf('employee');
    const colleagues = connect(cookie, `profile/${COLLEAGUE}`);
    await waitFor(() => closedWith(colleagues, CloseCode.Forbidden), { what: 'close 4403' });
    expect(profileDoc.readProfile(colleagues.doc).iban).toBe('');

    const ownName = `profile/${accounts.get('employee')!.employeeId}`;
    const own = await synced(cookie, ownName);
    expect(profileDoc.readProfile(own.doc).iban).toMatch(/^DE\d{20}$/);
    own.doc.transact(() => profileDoc.setProfileField(own.doc, 'street', 'Neue Straße 7', new Date().toISOString()));
    const admin = await synced(adminCookie, ownName);
    await waitFor(() => profileDoc.readProfile(admin.doc).street === 'Neue Straße 7', { what: 'the new street to reach an admin' });
    expect(own.serverCloses).toEqual([]);
  });

  it('lets Personal/HR read the profile of every employee', async () => {
    const cookie = cookieOf('hr');
    for (let i = 0; i < demoEmployeeCount; i++) {
      const reader = await synced(cookie, `profile/${demoEmployeeId(i)}`);
      expect(profileDoc.readProfile(reader.doc).iban).toMatch(/^DE\d{20}$/);
      expect(reader.serverCloses).toEqual([]);
      reader.destroy();
    }
  });

  it('lets Buchhaltung read the directory but refuses their edit of it', async () => {
    const bookkeeper = await synced(cookieOf('accounting'), 'org');
    const someone = orgDoc.listEmployees(bookkeeper.doc).find((e) => e.lastName === 'Fischer')!;
    bookkeeper.doc.transact(() => orgDoc.setEmployeeField(bookkeeper.doc, someone.id, 'weeklyHours', 40, new Date().toISOString()));
    await waitFor(() => closedWith(bookkeeper, CloseCode.Forbidden), { what: 'close 4403' });
    const admin = await synced(adminCookie, 'org');
    expect(orgDoc.readEmployee(orgDoc.employeesOf(admin.doc).get(someone.id)!).weeklyHours).toBe(someone.weeklyHours);
  });

  it('lets only Admin reach the admin API', async () => {
    const adminPaths = ['/api/admin/users', '/api/admin/roles', '/api/admin/audit', '/api/admin/audit.csv'];
    const outcomes: Record<string, number[]> = {};
    for (const role of ['admin', 'management', 'hr', 'accounting', 'teamlead', 'employee']) {
      outcomes[role] = await Promise.all(adminPaths.map(async (path) => (await api('GET', path, { cookie: cookieOf(role) })).status));
    }
    expect(outcomes).toEqual({
      admin: [200, 200, 200, 200],
      management: [403, 403, 403, 403],
      hr: [403, 403, 403, 403],
      accounting: [403, 403, 403, 403],
      teamlead: [403, 403, 403, 403],
      employee: [403, 403, 403, 403],
    });
    const create = await api('POST', '/api/admin/roles', { cookie: cookieOf('management'), body: { name: 'Heimlich', description: '', permissions: ['*'] } });
    expect({ status: create.status, code: create.errorCode }).toEqual({ status: 403, code: 'forbidden' });
  });
});
