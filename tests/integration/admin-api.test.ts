// Administration against the real server: accounts (passwords, one-time links, roles, deactivation, the
// last administrator), roles and their grants, one's own sessions and password, and the audit log with its
// filters, paging and CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRoles } from '@workmate/domain/access';
import { orgDoc, auditKindNamesDe } from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import {
  restClient,
  sessionIdOf,
  type AccountRow,
  type ApiCall,
  type AuditEntry,
  type RoleRow,
  type SessionInfo,
  type SessionUser,
} from '../helpers/rest-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const ADMIN_EMAIL = 'admin@muster-gmbh.de';
const STRONG_PASSWORD = 'Kaffee-Bohne-Lager-42';
const OTHER_STRONG_PASSWORD = 'Fahrrad-Kette-Nordsee-17';

let server: ServerProcess;
let dropDatabase: () => Promise<void>;
let api: ApiCall;
let adminCookie: string;
let adminId: string;

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  server = await startServerProcess({ DATABASE_URL: database.url });
  api = restClient(server.url);
  adminCookie = await signIn(server.url, ADMIN_EMAIL, DEMO_PASSWORD);
  adminId = (await me(adminCookie)).body.user.id;
});

afterAll(async () => {
  await server?.stop();
  await dropDatabase?.();
});

let emailCounter = 0;
/** A fresh address per account, so tests never share one. */
const freshEmail = (name: string) => `${name}.${++emailCounter}@muster-gmbh.de`;

const me = (cookie: string) => api<{ user: SessionUser }>('GET', '/api/auth/me', { cookie });
const login = (email: string, password: string) => api<{ user: SessionUser }>('POST', '/api/auth/login', { body: { email, password } });
const asAdmin = <T = unknown>(method: string, path: string, body?: unknown) => api<T>(method, path, { cookie: adminCookie, body });

type NewAccount = { name?: string; email?: string; roles?: string[]; employeeId?: string | null; credential?: unknown };

const accountBody = (account: NewAccount = {}) => ({
  name: account.name ?? 'Lena Vogel',
  email: account.email ?? freshEmail('lena.vogel'),
  roles: account.roles ?? ['employee'],
  employeeId: account.employeeId ?? null,
  credential: account.credential ?? { kind: 'password', password: STRONG_PASSWORD },
});

async function createAccount(account: NewAccount = {}): Promise<AccountRow> {
  const res = await asAdmin<{ user: AccountRow }>('POST', '/api/admin/users', accountBody(account));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.user;
}

async function signedInAccount(account: NewAccount = {}): Promise<{ user: AccountRow; cookie: string }> {
  const user = await createAccount(account);
  return { user, cookie: await signIn(server.url, user.email, STRONG_PASSWORD) };
}

const listUsers = async () => (await asAdmin<{ users: AccountRow[] }>('GET', '/api/admin/users')).body.users;
const listRoles = async () => (await asAdmin<{ roles: RoleRow[] }>('GET', '/api/admin/roles')).body.roles;

async function audit(query: Record<string, string> = {}): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const res = await asAdmin<{ entries: AuditEntry[]; next: string | null }>('GET', `/api/admin/audit?${new URLSearchParams({ limit: '500', ...query })}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const tokenOf = (setPasswordUrl: string) => new URL(setPasswordUrl).searchParams.get('token')!;
const setPassword = (token: string, password: string) => api<{ user: SessionUser }>('POST', '/api/auth/set-password', { body: { token, password } });

describe('creating an account with a password', () => {
  it('refuses weak passwords with 400 weak_password, naming the problem, and creates nothing', async () => {
    const email = freshEmail('lena.vogel');
    const weak = [
      { password: 'Kurz-7x', problem: 'too_short' },
      { password: `${email.split('@')[0]}-2026!`, problem: 'contains_email' },
      { password: 'Passwort123', problem: 'common' },
    ];
    for (const { password, problem } of weak) {
      const res = await asAdmin('POST', '/api/admin/users', accountBody({ email, credential: { kind: 'password', password } }));
      expect({ password, status: res.status, code: res.error?.code }).toEqual({ password, status: 400, code: 'weak_password' });
      expect(res.error?.fields?.password).toContain(problem);
    }
    expect((await listUsers()).map((u) => u.email)).not.toContain(email);
  });

  it("creates an account with a strong password that signs in with its role's permissions", async () => {
    const user = await createAccount({ name: 'Bea Buchholz', roles: ['accounting'] });
    expect(user).toMatchObject({ name: 'Bea Buchholz', roles: ['accounting'], active: true, sessions: 0 });
    const cookie = await signIn(server.url, user.email, STRONG_PASSWORD);
    const { body } = await me(cookie);
    const accounting = defaultRoles.find((r) => r.key === 'accounting')!;
    expect(body.user).toMatchObject({ id: user.id, email: user.email, roles: ['accounting'] });
    expect([...body.user.permissions].sort()).toEqual([...new Set(accounting.permissions)].sort());
  });

  it('refuses an email another account uses, whatever its case, with 409 email_taken', async () => {
    const res = await asAdmin('POST', '/api/admin/users', accountBody({ email: 'ADMIN@Muster-GmbH.de' }));
    expect(res.status).toBe(409);
    expect(res.error?.code).toBe('email_taken');
  });

  it('refuses an unknown role with 400 unknown_role', async () => {
    const res = await asAdmin('POST', '/api/admin/users', accountBody({ roles: ['employee', 'chef-de-cuisine'] }));
    expect(res.status).toBe(400);
    expect(res.error?.code).toBe('unknown_role');
    expect(res.error?.fields?.roles).toEqual(['chef-de-cuisine']);
  });

  it('refuses a malformed body with 400 and the field errors', async () => {
    const res = await asAdmin('POST', '/api/admin/users', { name: ' ', email: 'keine-adresse', roles: [], employeeId: '42', credential: { kind: 'magic' } });
    expect(res.status).toBe(400);
    expect(res.error?.code).toBe('invalid_body');
    expect(Object.keys(res.error?.fields ?? {})).toEqual(expect.arrayContaining(['name', 'email', 'roles', 'employeeId']));
    expect(Object.keys(res.error?.fields ?? {}).some((field) => field.startsWith('credential'))).toBe(true);

    const notJson = await fetch(server.url + '/api/admin/users', { method: 'POST', headers: { cookie: adminCookie }, body: '{nope' });
    expect(notJson.status).toBe(400);
  });
});

describe('creating an account with a one-time link', () => {
  it('sets the password through the link once, signing the user in', async () => {
    const res = await asAdmin<{ user: AccountRow; setPasswordUrl: string }>(
      'POST',
      '/api/admin/users',
      accountBody({ name: 'Linus Link', credential: { kind: 'link' } }),
    );
    expect(res.status).toBe(201);
    expect(res.body.setPasswordUrl).toMatch(new RegExp(`^${server.url}/set-password\\?token=[\\w-]{20,}$`));
    const token = tokenOf(res.body.setPasswordUrl);

    const weak = await setPassword(token, 'Passwort123');
    expect(weak.status).toBe(400);
    expect(weak.error?.code).toBe('weak_password');
    expect(weak.sessionCookie).toBeNull();

    // The refused attempt did not use the link up.
    const set = await setPassword(token, STRONG_PASSWORD);
    expect(set.status).toBe(200);
    expect(set.body.user).toMatchObject({ id: res.body.user.id, email: res.body.user.email });
    expect(set.sessionCookie).not.toBeNull();
    expect((await me(set.sessionCookie!)).body.user.id).toBe(res.body.user.id);

    const again = await setPassword(token, OTHER_STRONG_PASSWORD);
    expect(again.status).toBe(400);
    expect(again.error?.code).toBe('invalid_token');
    expect((await login(res.body.user.email, STRONG_PASSWORD)).status).toBe(200);
  });

  it('refuses a made-up token with 400 invalid_token', async () => {
    const res = await setPassword('x'.repeat(43), STRONG_PASSWORD);
    expect(res.status).toBe(400);
    expect(res.error?.code).toBe('invalid_token');
  });
});

describe('changing an account', () => {
  it('renames it, changes its email and links an employee', async () => {
    const { user, cookie } = await signedInAccount({ name: 'Rita Rename' });

    const renamed = await asAdmin<{ user: AccountRow }>('PATCH', `/api/admin/users/${user.id}`, { name: 'Rita Neuname' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.user.name).toBe('Rita Neuname');

    const email = freshEmail('rita.neuname');
    const moved = await asAdmin<{ user: AccountRow }>('PATCH', `/api/admin/users/${user.id}`, { email });
    expect(moved.body.user.email).toBe(email);
    expect((await login(email, STRONG_PASSWORD)).status).toBe(200);
    expect((await login(user.email, STRONG_PASSWORD)).status).toBe(401);

    const employeeId = demoEmployeeId(12);
    const linked = await asAdmin<{ user: AccountRow }>('PATCH', `/api/admin/users/${user.id}`, { employeeId });
    expect(linked.body.user.employeeId).toBe(employeeId);
    expect((await me(cookie)).body.user).toMatchObject({ name: 'Rita Neuname', email, employeeId });
  });

  it('refuses an email another account uses with 409 email_taken', async () => {
    const user = await createAccount();
    const res = await asAdmin('PATCH', `/api/admin/users/${user.id}`, { email: 'Chefin@muster-gmbh.de' });
    expect(res.status).toBe(409);
    expect(res.error?.code).toBe('email_taken');
  });

  it('changes roles with effect on the next request, audited from → to', async () => {
    const { user, cookie } = await signedInAccount({ roles: ['employee'] });
    expect((await me(cookie)).body.user.permissions).not.toContain('people.*');

    const res = await asAdmin<{ user: AccountRow }>('PATCH', `/api/admin/users/${user.id}`, { roles: ['employee', 'hr'] });
    expect(res.body.user.roles).toEqual(['employee', 'hr']);
    expect((await me(cookie)).body.user.permissions).toContain('people.*');

    const changes = (await audit({ user: user.id })).entries.filter((e) => e.kind === 'roles_changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ user: { id: adminId }, subject: { id: user.id }, details: { from: ['employee'], to: ['employee', 'hr'] } });
  });

  it('deactivates an account, ending its sessions and refusing its sign-in, and reactivates it', async () => {
    const { user, cookie } = await signedInAccount();

    const off = await asAdmin<{ user: AccountRow }>('PATCH', `/api/admin/users/${user.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.user).toMatchObject({ active: false, sessions: 0 });
    const revoked = await me(cookie);
    expect(revoked.status).toBe(401);
    expect(revoked.error?.code).toBe('session_revoked');
    const refused = await login(user.email, STRONG_PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.error?.code).toBe('invalid_credentials');

    const on = await asAdmin<{ user: AccountRow }>('PATCH', `/api/admin/users/${user.id}`, { active: true });
    expect(on.body.user.active).toBe(true);
    expect((await login(user.email, STRONG_PASSWORD)).status).toBe(200);
    expect((await audit({ user: user.id })).entries.map((e) => e.kind)).toEqual(expect.arrayContaining(['user_deactivated', 'user_reactivated']));
  });

  it('does not let administrators deactivate themselves', async () => {
    const res = await asAdmin('PATCH', `/api/admin/users/${adminId}`, { active: false });
    expect(res.status).toBe(409);
    expect(res.error?.code).toBe('self_deactivation');
    expect((await me(adminCookie)).status).toBe(200);
  });

  it('refuses to take away the last account able to administer, and changes nothing', async () => {
    const res = await asAdmin('PATCH', `/api/admin/users/${adminId}`, { name: 'Anna Ohne-Admin', roles: ['management'] });
    expect(res.status).toBe(409);
    expect(res.error?.code).toBe('last_admin');
    const admin = (await listUsers()).find((u) => u.id === adminId)!;
    expect(admin).toMatchObject({ name: 'Anna Admin', roles: ['admin'], active: true });
    expect((await me(adminCookie)).body.user.permissions).toEqual(['*']);
    expect((await audit({ user: adminId })).entries.filter((e) => e.kind === 'roles_changed' && e.subject?.id === adminId)).toEqual([]);
  });

  it('answers an unknown account with 404 and a malformed id with 400', async () => {
    const missing = await asAdmin('PATCH', '/api/admin/users/00000000-0000-4000-8000-0000000000ff', { name: 'Niemand' });
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('not_found');
    const malformed = await asAdmin('PATCH', '/api/admin/users/not-an-id', { name: 'Niemand' });
    expect(malformed.status).toBe(400);
    const empty = await asAdmin('PATCH', `/api/admin/users/${adminId}`, {});
    expect(empty.status).toBe(400);
  });
});

describe('passwords and sessions reset by an administrator', () => {
  it("sets a new password: the user's sessions end and only the new password works", async () => {
    const { user, cookie } = await signedInAccount();
    const weak = await asAdmin('POST', `/api/admin/users/${user.id}/password`, { kind: 'password', password: 'Passwort123' });
    expect(weak.error?.code).toBe('weak_password');
    expect((await me(cookie)).status).toBe(200);

    const reset = await asAdmin('POST', `/api/admin/users/${user.id}/password`, { kind: 'password', password: OTHER_STRONG_PASSWORD });
    expect(reset.status).toBe(204);
    expect((await me(cookie)).error?.code).toBe('session_revoked');
    expect((await login(user.email, STRONG_PASSWORD)).status).toBe(401);
    expect((await login(user.email, OTHER_STRONG_PASSWORD)).status).toBe(200);
    expect((await audit({ user: user.id })).entries.map((e) => e.kind)).toContain('password_reset');
  });

  it('hands out a set-password link instead', async () => {
    const user = await createAccount();
    const res = await asAdmin<{ setPasswordUrl: string }>('POST', `/api/admin/users/${user.id}/password`, { kind: 'link' });
    expect(res.status).toBe(200);
    expect(res.body.setPasswordUrl).toMatch(/\/set-password\?token=/);
    expect((await setPassword(tokenOf(res.body.setPasswordUrl), OTHER_STRONG_PASSWORD)).status).toBe(200);
    expect((await login(user.email, OTHER_STRONG_PASSWORD)).status).toBe(200);
  });

  it('signs a user out everywhere', async () => {
    const { user, cookie: phone } = await signedInAccount();
    const laptop = await signIn(server.url, user.email, STRONG_PASSWORD);
    const res = await asAdmin<{ ended: number }>('POST', `/api/admin/users/${user.id}/sign-out`);
    expect(res.status).toBe(200);
    expect(res.body.ended).toBe(2);
    expect((await me(phone)).error?.code).toBe('session_revoked');
    expect((await me(laptop)).error?.code).toBe('session_revoked');
    expect((await listUsers()).find((u) => u.id === user.id)?.sessions).toBe(0);
  });
});

describe('roles', () => {
  it('lists the default roles with how many active accounts hold each', async () => {
    const [roles, users] = await Promise.all([listRoles(), listUsers()]);
    expect(roles.map((r) => r.key)).toEqual(expect.arrayContaining(defaultRoles.map((r) => r.key)));
    for (const role of roles) {
      const holders = users.filter((u) => u.active && u.roles.includes(role.key)).length;
      expect({ role: role.key, members: role.members }).toEqual({ role: role.key, members: holders });
    }
    expect(roles.find((r) => r.key === 'admin')).toMatchObject({ permissions: ['*'], members: 1 });
  });

  it('creates a role whose key is derived from its German name', async () => {
    const res = await asAdmin<{ role: RoleRow }>('POST', '/api/admin/roles', {
      name: 'Lager & Außendienst',
      description: 'Wareneingang und Touren',
      permissions: ['org.read', 'time.read@department'],
    });
    expect(res.status).toBe(201);
    expect(res.body.role).toEqual({
      key: 'lager-aussendienst',
      name: 'Lager & Außendienst',
      description: 'Wareneingang und Touren',
      permissions: ['org.read', 'time.read@department'],
      members: 0,
    });
    const twice = await asAdmin('POST', '/api/admin/roles', { name: 'Lager & Außendienst', description: '', permissions: [] });
    expect(twice.status).toBe(409);
    expect(twice.error?.code).toBe('role_exists');
  });

  it('refuses grants that name no permission or a scope the permission cannot have', async () => {
    for (const grant of ['org.fly', 'org.read@own', 'time.approve@own', 'nonsense', 'crm.read@everyone']) {
      const res = await asAdmin('POST', '/api/admin/roles', { name: 'Prüfrolle', description: '', permissions: ['org.read', grant] });
      expect({ grant, status: res.status }).toEqual({ grant, status: 400 });
      expect(res.error?.fields?.permissions?.length, grant).toBeGreaterThan(0);
    }
    expect((await listRoles()).map((r) => r.key)).not.toContain('pruefrolle');
  });

  it("edits a role's permissions, effective at once for its holders and audited", async () => {
    const created = await asAdmin<{ role: RoleRow }>('POST', '/api/admin/roles', { name: 'Empfang Süd', description: '', permissions: ['org.read'] });
    const key = created.body.role.key;
    expect(key).toBe('empfang-sued');
    const { cookie } = await signedInAccount({ roles: [key] });
    expect((await me(cookie)).body.user.permissions).toEqual(['org.read']);

    const res = await asAdmin<{ role: RoleRow }>('PATCH', `/api/admin/roles/${key}`, { permissions: ['org.read', 'calendar.read'] });
    expect(res.status).toBe(200);
    expect(res.body.role).toMatchObject({ permissions: ['org.read', 'calendar.read'], members: 1 });
    expect([...(await me(cookie)).body.user.permissions].sort()).toEqual(['calendar.read', 'org.read']);

    const updates = (await audit({ user: adminId })).entries.filter((e) => e.kind === 'role_updated' && e.details.role === key);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.details).toEqual({ role: key, from: ['org.read'], to: ['org.read', 'calendar.read'] });

    const bad = await asAdmin('PATCH', `/api/admin/roles/${key}`, { permissions: ['calendar.fly'] });
    expect(bad.status).toBe(400);
  });

  it('keeps every permission on the Admin role and never deletes it', async () => {
    const narrowed = await asAdmin('PATCH', '/api/admin/roles/admin', { permissions: ['org.*', 'admin.*'] });
    expect(narrowed.status).toBe(409);
    expect(narrowed.error?.code).toBe('admin_role_fixed');
    const deleted = await asAdmin('DELETE', '/api/admin/roles/admin');
    expect(deleted.status).toBe(409);
    expect(deleted.error?.code).toBe('admin_role_fixed');
    expect((await listRoles()).find((r) => r.key === 'admin')?.permissions).toEqual(['*']);
  });

  it('deletes a role only when nobody holds it', async () => {
    const inUse = await asAdmin('DELETE', '/api/admin/roles/employee');
    expect(inUse.status).toBe(409);
    expect(inUse.error?.code).toBe('role_in_use');
    expect((await listRoles()).map((r) => r.key)).toContain('employee');

    const created = await asAdmin<{ role: RoleRow }>('POST', '/api/admin/roles', { name: 'Übergangsrolle', description: '', permissions: [] });
    expect(created.body.role.key).toBe('uebergangsrolle');
    expect((await asAdmin('DELETE', '/api/admin/roles/uebergangsrolle')).status).toBe(204);
    expect((await listRoles()).map((r) => r.key)).not.toContain('uebergangsrolle');
    expect((await asAdmin('DELETE', '/api/admin/roles/uebergangsrolle')).status).toBe(404);
  });
});

describe('my own account', () => {
  const sessions = async (cookie: string) => {
    const res = await api<{ sessions: Array<SessionInfo & { current: boolean }> }>('GET', '/api/account/sessions', { cookie });
    expect(res.status).toBe(200);
    return res.body.sessions;
  };

  it('lists my sessions with this device marked current', async () => {
    const { user, cookie: phone } = await signedInAccount();
    const laptop = await signIn(server.url, user.email, STRONG_PASSWORD);
    const seenFromPhone = await sessions(phone);
    expect(seenFromPhone.map((s) => s.id).sort()).toEqual([sessionIdOf(phone), sessionIdOf(laptop)].sort());
    expect(seenFromPhone.filter((s) => s.current).map((s) => s.id)).toEqual([sessionIdOf(phone)]);
    expect((await sessions(laptop)).filter((s) => s.current).map((s) => s.id)).toEqual([sessionIdOf(laptop)]);
  });

  it('ends one of my sessions, and only my own', async () => {
    const { user, cookie: phone } = await signedInAccount();
    const laptop = await signIn(server.url, user.email, STRONG_PASSWORD);

    expect((await api('DELETE', `/api/account/sessions/${sessionIdOf(laptop)}`, { cookie: phone })).status).toBe(204);
    const ended = await me(laptop);
    expect(ended.status).toBe(401);
    expect(ended.error?.code).toBe('session_revoked');
    expect((await me(phone)).status).toBe(200);
    expect((await sessions(phone)).map((s) => s.id)).toEqual([sessionIdOf(phone)]);

    const foreign = await api('DELETE', `/api/account/sessions/${sessionIdOf(adminCookie)}`, { cookie: phone });
    expect(foreign.status).toBe(404);
    expect((await me(adminCookie)).status).toBe(200);
  });

  it('changes my password: refuses a wrong current one, ends my other sessions and keeps this one', async () => {
    const { user, cookie: phone } = await signedInAccount();
    const laptop = await signIn(server.url, user.email, STRONG_PASSWORD);
    const change = (currentPassword: string, newPassword: string) =>
      api('POST', '/api/account/password', { cookie: phone, body: { currentPassword, newPassword } });

    const wrong = await change('nicht-mein-passwort', OTHER_STRONG_PASSWORD);
    expect(wrong.status).toBe(400);
    expect(wrong.error?.code).toBe('wrong_password');
    expect((await change(STRONG_PASSWORD, 'Passwort123')).error?.code).toBe('weak_password');
    expect((await me(laptop)).status).toBe(200);

    expect((await change(STRONG_PASSWORD, OTHER_STRONG_PASSWORD)).status).toBe(204);
    expect((await me(laptop)).error?.code).toBe('session_revoked');
    expect((await me(phone)).status).toBe(200);
    expect((await login(user.email, OTHER_STRONG_PASSWORD)).status).toBe(200);
  });
});

describe('audit log', () => {
  const loopback = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

  it('records sign-ins and failed sign-ins with the address', async () => {
    const user = await createAccount();
    expect((await login(user.email, 'falsch-geraten-123')).status).toBe(401);
    expect((await login(user.email, STRONG_PASSWORD)).status).toBe(200);

    const { entries } = await audit({ user: user.id });
    const failed = entries.find((e) => e.kind === 'sign_in_failed');
    const signedIn = entries.find((e) => e.kind === 'sign_in');
    expect(failed).toMatchObject({ subject: { id: user.id }, details: { email: user.email } });
    expect(failed?.ip).toMatch(loopback);
    expect(signedIn).toMatchObject({ user: { id: user.id, email: user.email } });
    expect(signedIn?.ip).toMatch(loopback);
  });

  it('shows a change made over sync as doc_changed by its user, filtered by doc', async () => {
    const { user, cookie } = await signedInAccount({ roles: ['hr'] });
    const client = connectNodeClient(server.url, 'org', cookie);
    try {
      await waitFor(() => client.provider.synced, { timeoutMs: 30_000, what: 'the sync client to sync' });
      const employeeId = demoEmployeeId(7);
      client.doc.transact(() => orgDoc.setEmployeeField(client.doc, employeeId, 'phone', '+49 30 5550177', new Date().toISOString()));

      const change = await waitFor(
        async () => (await audit({ user: user.id, doc: 'org' })).entries.find((e) => e.kind === 'doc_changed'),
        { timeoutMs: 30_000, what: 'the doc change in the audit log' },
      );
      expect(change).toMatchObject({ doc: 'org', user: { id: user.id, name: user.name, email: user.email } });
    } finally {
      client.destroy();
    }
    const byDoc = await audit({ doc: 'org' });
    expect(byDoc.entries.length).toBeGreaterThan(0);
    expect(byDoc.entries.every((e) => e.kind === 'doc_changed' && e.doc === 'org')).toBe(true);
  });

  it('filters by period, both days included', async () => {
    const newest = (await audit({ user: adminId, limit: '1' })).entries[0]!;
    const day = newest.at.slice(0, 10);
    const shift = (days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    expect((await audit({ user: adminId, from: day, to: day })).entries.map((e) => e.id)).toContain(newest.id);
    expect((await audit({ user: adminId, from: shift(-3), to: shift(3) })).entries.map((e) => e.id)).toContain(newest.id);
    expect((await audit({ user: adminId, from: shift(1) })).entries).toEqual([]);
    expect((await audit({ user: adminId, to: shift(-1) })).entries).toEqual([]);
  });

  it('pages through the log with next, listing every entry exactly once', async () => {
    // A link account: user_created and password_link_created come from one transaction, at the same instant.
    const created = await asAdmin<{ user: AccountRow; setPasswordUrl: string }>('POST', '/api/admin/users', accountBody({ credential: { kind: 'link' } }));
    const id = created.body.user.id;
    await setPassword(tokenOf(created.body.setPasswordUrl), STRONG_PASSWORD);
    await asAdmin('PATCH', `/api/admin/users/${id}`, { name: 'Paula Paging', roles: ['employee', 'teamlead'] });
    await login(created.body.user.email, STRONG_PASSWORD);

    const all = (await audit({ user: id })).entries.map((e) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(6);

    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page: { entries: AuditEntry[]; next: string | null } = await audit({ user: id, limit: '2', ...(next ? { before: next } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      paged.push(...page.entries.map((e) => e.id));
      next = page.next;
    } while (next && paged.length <= all.length);
    expect(paged).toEqual(all);
  });

  it('refuses invalid parameters with 400', async () => {
    const invalid: Array<Record<string, string>> = [
      { user: 'not-a-user' },
      { from: '1.3.2026' },
      { from: '2026-03-10', to: '2026-03-01' },
      { from: '2026-13-01' },
      { before: 'page-two' },
      { before: '2026-99-99T99:99:99.000Z|e1' },
      { limit: '0' },
      { limit: '100000' },
      { limit: 'viele' },
    ];
    const answers = [];
    for (const query of invalid) {
      const res = await asAdmin('GET', `/api/admin/audit?${new URLSearchParams(query)}`);
      answers.push({ query, status: res.status, code: res.error?.code });
    }
    expect(answers).toEqual(invalid.map((query) => ({ query, status: 400, code: 'invalid_parameters' })));
  });

  it('exports CSV for German spreadsheets: BOM, semicolons, one line per entry, formulas neutralised', async () => {
    // A name and an email a spreadsheet would take for formulas.
    const { user } = await signedInAccount({ name: '=SUMME(A1:A9)', email: `+${freshEmail('kalle')}` });
    await asAdmin('PATCH', `/api/admin/users/${user.id}`, { roles: ['employee', 'teamlead'] });

    const res = await fetch(`${server.url}/api/admin/audit.csv?user=${user.id}`, { headers: { cookie: adminCookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('Zeitpunkt (UTC);Ereignis;Code;Benutzer;E-Mail;Betroffen;Dokument;IP;Details');
    const { entries } = await audit({ user: user.id });
    expect(lines).toHaveLength(1 + entries.length);

    const rows = lines.slice(1).map(csvFields);
    expect(rows.every((fields) => fields.length === 9)).toBe(true);
    expect(rows.map((fields) => fields[1])).toEqual(entries.map((e) => auditKindNamesDe[e.kind]));
    expect(rows.map((fields) => fields[2])).toEqual(entries.map((e) => e.kind));
    const cells = rows.flat();
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
    expect(cells).toContain("'=SUMME(A1:A9)");
    expect(cells).toContain(`'+${user.email.slice(1)}`);
    expect(cells).toContain(`'=SUMME(A1:A9) <${user.email}>`);
  });
});

/** Splits one CSV line at semicolons outside quotes and unquotes the fields. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ';' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}
