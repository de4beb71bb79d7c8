// Roles against the real server: the defaults and their holders, custom roles and their grants, and the
// Admin role that keeps every permission.
import { describe, expect, it } from 'vitest';
import { defaultRoles } from '@workmate/domain/access';
import { useAdminApiSuite } from '../helpers/admin-api-suite.ts';
import type { RoleRow } from '../helpers/rest-client.ts';

const suite = useAdminApiSuite();
const { asAdmin, me, signedInAccount, listUsers, listRoles, audit } = suite;

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

    const updates = (await audit({ user: suite.adminId })).entries.filter((e) => e.kind === 'role_updated' && e.details.role === key);
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
