// Accounts made through the admin API for access tests: the given roles, optionally linked to an employee
// record (so @own grants apply), with a strong password; each sign-in starts a new session (a new device).
import { jsonApi } from './json-api.ts';
import { signIn } from './server-process.ts';

/** Passes the password policy (long, not common, unrelated to the test emails). */
export const TEST_ACCOUNT_PASSWORD = 'Kaffee-mit-Hafermilch-2026';

export type TestAccountSpec = { email: string; name: string; roles: string[]; employeeId: string | null };

export type TestAccount = TestAccountSpec & {
  id: string;
  /** Signs in with the account's password and returns the new session's cookie (`wm_session=…`). */
  signIn(password?: string): Promise<string>;
};

export async function createTestAccount(baseUrl: string, adminCookie: string, spec: TestAccountSpec): Promise<TestAccount> {
  const api = jsonApi(baseUrl);
  const created = await api<{ user: { id: string } }>('POST', '/api/admin/users', {
    cookie: adminCookie,
    body: { ...spec, credential: { kind: 'password', password: TEST_ACCOUNT_PASSWORD } },
  });
  if (created.status !== 201) throw new Error(`creating ${spec.email} failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { ...spec, id: created.body.user.id, signIn: (password = TEST_ACCOUNT_PASSWORD) => signIn(baseUrl, spec.email, password) };
}
