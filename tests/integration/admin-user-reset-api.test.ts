// An administrator resetting an account against the real server: a new password or a set-password link,
// and signing the user out everywhere.
import { describe, expect, it } from 'vitest';
import { useAdminApiSuite, OTHER_STRONG_PASSWORD, STRONG_PASSWORD } from '../helpers/admin-api-suite.ts';
import { signIn } from '../helpers/server-process.ts';

const suite = useAdminApiSuite();
const { asAdmin, me, login, createAccount, signedInAccount, listUsers, audit, tokenOf, setPassword } = suite;

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
    const laptop = await signIn(suite.server.url, user.email, STRONG_PASSWORD);
    const res = await asAdmin<{ ended: number }>('POST', `/api/admin/users/${user.id}/sign-out`);
    expect(res.status).toBe(200);
    expect(res.body.ended).toBe(2);
    expect((await me(phone)).error?.code).toBe('session_revoked');
    expect((await me(laptop)).error?.code).toBe('session_revoked');
    expect((await listUsers()).find((u) => u.id === user.id)?.sessions).toBe(0);
  });
});
