// Limited administrators against the real server: an account that may manage accounts only (admin.users)
// and one that may manage roles only (admin.roles) try every way up to Admin — promoting themselves,
// taking over the Admin's account, granting through a role what they do not hold — and are refused with
// 403 and a message that says what to do; what they hold themselves they still hand on and manage.
import { beforeAll, describe, expect, it } from 'vitest';
import { useAdminApiSuite, OTHER_STRONG_PASSWORD } from '../helpers/admin-api-suite.ts';
import type { AccountRow, ApiAnswer, RoleRow } from '../helpers/rest-client.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const suite = useAdminApiSuite();
const { api, asAdmin, me, login, signedInAccount, listUsers, listRoles, audit } = suite;

const ADMIN_EMAIL = 'admin@muster-gmbh.de';

async function createRole(key: string, permissions: string[]): Promise<void> {
  const res = await asAdmin<{ role: RoleRow }>('POST', '/api/admin/roles', { key, name: key, description: 'Für Tests', permissions });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** A refusal by the delegation rule: 403, its code, and a message that ends with what to do. */
function expectRefused(res: ApiAnswer<unknown>, code: string, grants?: string[]) {
  expect({ status: res.status, code: res.error?.code }).toEqual({ status: 403, code });
  expect(res.error?.message).toMatch(/(Ask|Leave) [^.]+\.$/);
  if (grants) expect(res.error?.fields?.grants).toEqual(grants);
}

const adminAccount = async () => (await listUsers()).find((u) => u.id === suite.adminId)!;

describe('an account that may manage accounts only (admin.users)', () => {
  let self: AccountRow;
  let cookie: string;
  const as = <T = unknown>(method: string, path: string, body?: unknown) => api<T>(method, path, { cookie, body });

  beforeAll(async () => {
    await createRole('user-admin', ['admin.users']);
    await createRole('guest', []);
    ({ user: self, cookie } = await signedInAccount({ name: 'Ulla Useradmin', roles: ['user-admin'] }));
  });

  it('cannot make itself Admin', async () => {
    const res = await as('PATCH', `/api/admin/users/${self.id}`, { roles: ['admin'] });
    expectRefused(res, 'own_roles');
    expect((await me(cookie)).body.user).toMatchObject({ roles: ['user-admin'], permissions: ['admin.users'] });
    expect((await audit({ user: self.id })).entries.filter((e) => e.kind === 'roles_changed')).toEqual([]);
  });

  it("cannot get a set-password link for the Admin, nor set the Admin's password", async () => {
    expectRefused(await as('POST', `/api/admin/users/${suite.adminId}/password`, { kind: 'link' }), 'account_outranks_you', ['*']);
    expectRefused(await as('POST', `/api/admin/users/${suite.adminId}/password`, { kind: 'password', password: OTHER_STRONG_PASSWORD }), 'account_outranks_you', ['*']);
    expect((await login(ADMIN_EMAIL, DEMO_PASSWORD)).status).toBe(200);
    const links = (await audit({ user: self.id })).entries.filter((e) => e.kind === 'password_link_created' || e.kind === 'password_reset');
    expect(links).toEqual([]);
  });

  it("cannot sign the Admin out, deactivate the Admin or change the Admin's account", async () => {
    expectRefused(await as('POST', `/api/admin/users/${suite.adminId}/sign-out`), 'account_outranks_you', ['*']);
    expectRefused(await as('PATCH', `/api/admin/users/${suite.adminId}`, { active: false }), 'account_outranks_you', ['*']);
    expectRefused(await as('PATCH', `/api/admin/users/${suite.adminId}`, { email: 'ulla.useradmin@muster-gmbh.de' }), 'account_outranks_you', ['*']);
    expectRefused(await as('PATCH', `/api/admin/users/${suite.adminId}`, { roles: ['guest'] }), 'account_outranks_you', ['*']);
    expect((await me(suite.adminCookie)).status).toBe(200);
    expect(await adminAccount()).toMatchObject({ email: ADMIN_EMAIL, roles: ['admin'], active: true });
  });

  it('cannot give an account, new or existing, a role that grants more than it holds', async () => {
    expectRefused(await as('POST', '/api/admin/users', suite.accountBody({ roles: ['admin'] })), 'grant_not_held', ['*']);
    const employee = await as('POST', '/api/admin/users', suite.accountBody({ roles: ['employee'] }));
    expectRefused(employee, 'grant_not_held');
    expect(employee.error?.fields?.grants).toContain('org.read');

    const guest = await as<{ user: AccountRow }>('POST', '/api/admin/users', suite.accountBody({ name: 'Gerd Gast', roles: ['guest'] }));
    expect(guest.status).toBe(201);
    expectRefused(await as('PATCH', `/api/admin/users/${guest.body.user.id}`, { roles: ['guest', 'admin'] }), 'grant_not_held', ['*']);
    expect((await listUsers()).find((u) => u.id === guest.body.user.id)?.roles).toEqual(['guest']);
  });

  it('cannot manage an account that holds anything it does not', async () => {
    const { user } = await signedInAccount({ name: 'Eva Employee', roles: ['employee'] });
    const refusal = await as('POST', `/api/admin/users/${user.id}/sign-out`);
    expectRefused(refusal, 'account_outranks_you');
    expect(refusal.error?.fields?.grants).toContain('time.write@own');
  });

  it('still manages accounts that hold no more than it does', async () => {
    const created = await as<{ user: AccountRow }>('POST', '/api/admin/users', suite.accountBody({ name: 'Paul Peer', roles: ['user-admin'] }));
    expect(created.status).toBe(201);
    const id = created.body.user.id;
    expect((await as<{ user: AccountRow }>('PATCH', `/api/admin/users/${id}`, { name: 'Paul Peer-Neu', roles: ['guest'] })).body.user).toMatchObject({
      name: 'Paul Peer-Neu',
      roles: ['guest'],
    });
    const link = await as<{ setPasswordUrl: string }>('POST', `/api/admin/users/${id}/password`, { kind: 'link' });
    expect(link.status).toBe(200);
    expect(link.body.setPasswordUrl).toMatch(/\/set-password\?token=/);
    expect((await as('POST', `/api/admin/users/${id}/sign-out`)).status).toBe(200);
    expect((await as<{ user: AccountRow }>('PATCH', `/api/admin/users/${id}`, { active: false })).body.user.active).toBe(false);
    expect((await as<{ user: AccountRow }>('PATCH', `/api/admin/users/${id}`, { active: true, roles: ['user-admin'] })).body.user).toMatchObject({
      active: true,
      roles: ['user-admin'],
    });
    expect((await as('PATCH', `/api/admin/users/${self.id}`, { name: 'Ulla Useradmin-Neu', roles: ['user-admin'] })).status).toBe(200);
  });
});

describe('the finding as reported: a role with org.read and admin.users', () => {
  it('refuses self-promotion and the reset link for the Admin', async () => {
    await createRole('directory-user-admin', ['org.read', 'admin.users']);
    const { user, cookie } = await signedInAccount({ name: 'Olaf Orgread', roles: ['directory-user-admin'] });
    const promoted = await api('PATCH', `/api/admin/users/${user.id}`, { cookie, body: { roles: ['admin'] } });
    expectRefused(promoted, 'own_roles');
    expect([...(await me(cookie)).body.user.permissions].sort()).toEqual(['admin.users', 'org.read']);
    expectRefused(await api('POST', `/api/admin/users/${suite.adminId}/password`, { cookie, body: { kind: 'link' } }), 'account_outranks_you', ['*']);
  });
});

describe('an account that may manage roles only (admin.roles)', () => {
  let cookie: string;
  const as = <T = unknown>(method: string, path: string, body?: unknown) => api<T>(method, path, { cookie, body });
  const permissionsOf = async (key: string) => (await listRoles()).find((r) => r.key === key)?.permissions;

  beforeAll(async () => {
    await createRole('role-admin', ['admin.roles']);
    await createRole('empty-role', []);
    ({ cookie } = await signedInAccount({ name: 'Rolf Roleadmin', roles: ['role-admin'] }));
  });

  it('cannot give its own role every permission, or change its grants at all', async () => {
    expectRefused(await as('PATCH', '/api/admin/roles/role-admin', { permissions: ['*'] }), 'own_role_permissions');
    expectRefused(await as('PATCH', '/api/admin/roles/role-admin', { permissions: ['admin.roles', 'admin.users'] }), 'own_role_permissions');
    expectRefused(await as('PATCH', '/api/admin/roles/role-admin', { permissions: [] }), 'own_role_permissions');
    expect(await permissionsOf('role-admin')).toEqual(['admin.roles']);
    expect((await me(cookie)).body.user.permissions).toEqual(['admin.roles']);
  });

  it('may still rename its own role', async () => {
    const res = await as<{ role: RoleRow }>('PATCH', '/api/admin/roles/role-admin', { name: 'Rollenpflege', permissions: ['admin.roles'] });
    expect(res.status).toBe(200);
    expect(res.body.role).toMatchObject({ name: 'Rollenpflege', permissions: ['admin.roles'] });
  });

  it('cannot create a role granting * or anything else it does not hold', async () => {
    expectRefused(await as('POST', '/api/admin/roles', { name: 'Heimlich', description: '', permissions: ['*'] }), 'grant_not_held', ['*']);
    expectRefused(await as('POST', '/api/admin/roles', { name: 'Heimlich', description: '', permissions: ['admin.roles', 'org.read'] }), 'grant_not_held', ['org.read']);
    expectRefused(await as('POST', '/api/admin/roles', { name: 'Heimlich', description: '', permissions: ['admin.*'] }), 'grant_not_held', ['admin.*']);
    expect((await listRoles()).map((r) => r.name)).not.toContain('Heimlich');
  });

  it('cannot grant through an existing role what it does not hold', async () => {
    expectRefused(await as('PATCH', '/api/admin/roles/empty-role', { permissions: ['*'] }), 'grant_not_held', ['*']);
    expectRefused(await as('PATCH', '/api/admin/roles/empty-role', { permissions: ['admin.users'] }), 'grant_not_held', ['admin.users']);
    expect(await permissionsOf('empty-role')).toEqual([]);
  });

  it('cannot change or delete a role that grants more than it holds', async () => {
    expectRefused(await as('PATCH', '/api/admin/roles/admin', { name: 'Chef' }), 'role_outranks_you', ['*']);
    expectRefused(await as('PATCH', '/api/admin/roles/employee', { permissions: ['admin.roles'] }), 'role_outranks_you');
    const deletion = await as('DELETE', '/api/admin/roles/accounting');
    expectRefused(deletion, 'role_outranks_you');
    expect(deletion.error?.fields?.grants).toContain('invoices.*');
    expect((await listRoles()).find((r) => r.key === 'admin')).toMatchObject({ name: 'Admin', permissions: ['*'] });
  });

  it('still creates, changes and deletes roles granting no more than it holds', async () => {
    const created = await as<{ role: RoleRow }>('POST', '/api/admin/roles', { name: 'Rollenpflege Vertretung', description: '', permissions: ['admin.roles'] });
    expect(created.status).toBe(201);
    const key = created.body.role.key;
    expect((await as<{ role: RoleRow }>('PATCH', `/api/admin/roles/${key}`, { permissions: [] })).body.role.permissions).toEqual([]);
    expect((await as<{ role: RoleRow }>('PATCH', '/api/admin/roles/empty-role', { permissions: ['admin.roles'] })).body.role.permissions).toEqual(['admin.roles']);
    expect((await as('DELETE', `/api/admin/roles/${key}`)).status).toBe(204);
  });
});

// An account's scoped grants (…@own) are rights over the person it is linked to: linking hands them on.
describe('an account manager linking accounts to people', () => {
  let self: AccountRow;
  let cookie: string;
  let ownEmployeeId: string;
  let adminEmployeeId: string;
  const as = <T = unknown>(method: string, path: string, body?: unknown) => api<T>(method, path, { cookie, body });

  beforeAll(async () => {
    await createRole('linker', ['admin.users', 'people.private.read@own']);
    await createRole('self-service', ['people.private.read@own']);
    adminEmployeeId = (await adminAccount()).employeeId!;
    const employees = (await listUsers()).map((u) => u.employeeId).filter((id): id is string => id !== null && id !== adminEmployeeId);
    ownEmployeeId = employees[0]!;
    // Linked to a colleague's record that no other test changes: the account's own person.
    ({ user: self, cookie } = await signedInAccount({ name: 'Lotte Linker', roles: ['linker'], employeeId: ownEmployeeId }));
  });

  it("cannot link an account, new or its own, to someone else's record to read their private data", async () => {
    const created = await as('POST', '/api/admin/users', suite.accountBody({ name: 'Spion', roles: ['self-service'], employeeId: adminEmployeeId }));
    expectRefused(created, 'link_not_held', ['people.private.read@own']);

    const guest = await as<{ user: AccountRow }>('POST', '/api/admin/users', suite.accountBody({ name: 'Gast ohne Rechte', roles: ['self-service'] }));
    expect(guest.status).toBe(201);
    expectRefused(await as('PATCH', `/api/admin/users/${guest.body.user.id}`, { employeeId: adminEmployeeId }), 'link_not_held', ['people.private.read@own']);
    expectRefused(await as('PATCH', `/api/admin/users/${self.id}`, { employeeId: adminEmployeeId }), 'link_not_held', ['people.private.read@own']);
    expect((await listUsers()).find((u) => u.id === self.id)?.employeeId).toBe(ownEmployeeId);
  });

  it('cannot give an account linked to someone else a scoped right over that person', async () => {
    const unlinked = await as<{ user: AccountRow }>('POST', '/api/admin/users', suite.accountBody({ name: 'Ohne Rolle', roles: ['guest'], employeeId: adminEmployeeId }));
    // No scoped grant, so the link hands nothing on.
    expect(unlinked.status, JSON.stringify(unlinked.body)).toBe(201);
    expectRefused(await as('PATCH', `/api/admin/users/${unlinked.body.user.id}`, { roles: ['self-service'] }), 'link_not_held', ['people.private.read@own']);
  });

  it('still links an account with scoped rights to its own person, whose records it may read', async () => {
    const created = await as('POST', '/api/admin/users', suite.accountBody({ name: 'Zweitkonto', roles: ['self-service'], employeeId: ownEmployeeId }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });
});

describe('Admin', () => {
  it('cannot change its own roles either — another administrator must', async () => {
    expectRefused(await asAdmin('PATCH', `/api/admin/users/${suite.adminId}`, { roles: ['admin', 'employee'] }), 'own_roles');
    expect((await adminAccount()).roles).toEqual(['admin']);
  });

  it('manages another Admin and hands on every permission', async () => {
    const { user } = await signedInAccount({ name: 'Zweite Admin', roles: ['admin'] });
    expect((await asAdmin('POST', `/api/admin/users/${user.id}/sign-out`)).status).toBe(200);
    const res = await asAdmin<{ role: RoleRow }>('POST', '/api/admin/roles', { name: 'Alles Zweitrolle', description: '', permissions: ['*'] });
    expect(res.status).toBe(201);
  });
});
