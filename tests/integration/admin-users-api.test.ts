// Account administration against the real server: creating accounts with a password or a one-time link,
// and changing them (name, email, employee, roles, deactivation, the last administrator).
import { describe, expect, it } from 'vitest';
import { defaultRoles } from '@workmate/domain/access';
import { useAdminApiSuite, OTHER_STRONG_PASSWORD, STRONG_PASSWORD } from '../helpers/admin-api-suite.ts';
import type { AccountRow } from '../helpers/rest-client.ts';
import { signIn } from '../helpers/server-process.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useAdminApiSuite();
const { asAdmin, me, login, freshEmail, accountBody, createAccount, signedInAccount, listUsers, audit, tokenOf, setPassword } = suite;

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
    const cookie = await signIn(suite.server.url, user.email, STRONG_PASSWORD);
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

    const notJson = await fetch(suite.server.url + '/api/admin/users', { method: 'POST', headers: { cookie: suite.adminCookie }, body: '{nope' });
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
    expect(res.body.setPasswordUrl).toMatch(new RegExp(`^${suite.server.url}/set-password\\?token=[\\w-]{20,}$`));
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
    expect(changes[0]).toMatchObject({ user: { id: suite.adminId }, subject: { id: user.id }, details: { from: ['employee'], to: ['employee', 'hr'] } });
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
    const res = await asAdmin('PATCH', `/api/admin/users/${suite.adminId}`, { active: false });
    expect(res.status).toBe(409);
    expect(res.error?.code).toBe('self_deactivation');
    expect((await me(suite.adminCookie)).status).toBe(200);
  });

  // Nobody changes their own roles (admin-escalation.test.ts), so the last administrator keeps theirs.
  it('refuses to take away the last account able to administer, and changes nothing', async () => {
    const res = await asAdmin('PATCH', `/api/admin/users/${suite.adminId}`, { name: 'Anna Ohne-Admin', roles: ['management'] });
    expect(res.status).toBe(403);
    expect(res.error?.code).toBe('own_roles');
    const admin = (await listUsers()).find((u) => u.id === suite.adminId)!;
    expect(admin).toMatchObject({ name: 'Anna Admin', roles: ['admin'], active: true });
    expect((await me(suite.adminCookie)).body.user.permissions).toEqual(['*']);
    expect((await audit({ user: suite.adminId })).entries.filter((e) => e.kind === 'roles_changed' && e.subject?.id === suite.adminId)).toEqual([]);
  });

  it('answers an unknown account with 404 and a malformed id with 400', async () => {
    const missing = await asAdmin('PATCH', '/api/admin/users/00000000-0000-4000-8000-0000000000ff', { name: 'Niemand' });
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('not_found');
    const malformed = await asAdmin('PATCH', '/api/admin/users/not-an-id', { name: 'Niemand' });
    expect(malformed.status).toBe(400);
    const empty = await asAdmin('PATCH', `/api/admin/users/${suite.adminId}`, {});
    expect(empty.status).toBe(400);
  });
});
