// One's own account against the real server: my sessions, ending one of them, and changing my password.
import { describe, expect, it } from 'vitest';
import { useAdminApiSuite, OTHER_STRONG_PASSWORD, STRONG_PASSWORD } from '../helpers/admin-api-suite.ts';
import { sessionIdOf, type SessionInfo } from '../helpers/rest-client.ts';
import { signIn } from '../helpers/server-process.ts';

const suite = useAdminApiSuite();
const { api, me, login, signedInAccount } = suite;

describe('my own account', () => {
  const sessions = async (cookie: string) => {
    const res = await api<{ sessions: Array<SessionInfo & { current: boolean }> }>('GET', '/api/account/sessions', { cookie });
    expect(res.status).toBe(200);
    return res.body.sessions;
  };

  it('lists my sessions with this device marked current', async () => {
    const { user, cookie: phone } = await signedInAccount();
    const laptop = await signIn(suite.server.url, user.email, STRONG_PASSWORD);
    const seenFromPhone = await sessions(phone);
    expect(seenFromPhone.map((s) => s.id).sort()).toEqual([sessionIdOf(phone), sessionIdOf(laptop)].sort());
    expect(seenFromPhone.filter((s) => s.current).map((s) => s.id)).toEqual([sessionIdOf(phone)]);
    expect((await sessions(laptop)).filter((s) => s.current).map((s) => s.id)).toEqual([sessionIdOf(laptop)]);
  });

  it('ends one of my sessions, and only my own', async () => {
    const { user, cookie: phone } = await signedInAccount();
    const laptop = await signIn(suite.server.url, user.email, STRONG_PASSWORD);

    expect((await api('DELETE', `/api/account/sessions/${sessionIdOf(laptop)}`, { cookie: phone })).status).toBe(204);
    const ended = await me(laptop);
    expect(ended.status).toBe(401);
    expect(ended.error?.code).toBe('session_revoked');
    expect((await me(phone)).status).toBe(200);
    expect((await sessions(phone)).map((s) => s.id)).toEqual([sessionIdOf(phone)]);

    const foreign = await api('DELETE', `/api/account/sessions/${sessionIdOf(suite.adminCookie)}`, { cookie: phone });
    expect(foreign.status).toBe(404);
    expect((await me(suite.adminCookie)).status).toBe(200);
  });

  it('changes my password: refuses a wrong current one, ends my other sessions and keeps this one', async () => {
    const { user, cookie: phone } = await signedInAccount();
    const laptop = await signIn(suite.server.url, user.email, STRONG_PASSWORD);
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
