// The set-up every admin API test file shares: a fresh database and our real server on it for the file,
// the demo administrator signed in, and the calls the tests make through the REST API (accounts created
// with a strong password, one's own session, the audit log). Call once at the top level of a test file.
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { restClient, type AccountRow, type ApiAnswer, type ApiCall, type AuditEntry, type RoleRow, type SessionUser } from './rest-client.ts';
import { signIn, startServerProcess, type ServerProcess } from './server-process.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const ADMIN_EMAIL = 'admin@muster-gmbh.de';
/** Passes the password policy; what accounts made by `createAccount` sign in with. */
export const STRONG_PASSWORD = 'Kaffee-Bohne-Lager-42';
/** Passes the password policy too: what a password is changed or reset to. */
export const OTHER_STRONG_PASSWORD = 'Fahrrad-Kette-Nordsee-17';

export type NewAccount = { name?: string; email?: string; roles?: string[]; employeeId?: string | null; credential?: unknown };

export type AuditPage = { entries: AuditEntry[]; next: string | null };

export type AdminApiSuite = {
  readonly server: ServerProcess;
  /** The session cookie of the demo administrator, signed in once for the file. */
  readonly adminCookie: string;
  readonly adminId: string;
  api: ApiCall;
  /** A request with the administrator's cookie. */
  asAdmin<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  me(cookie: string): Promise<ApiAnswer<{ user: SessionUser }>>;
  login(email: string, password: string): Promise<ApiAnswer<{ user: SessionUser }>>;
  /** A fresh address per account, so tests never share one. */
  freshEmail(name: string): string;
  /** The body of POST /api/admin/users: an employee with a strong password unless told otherwise. */
  accountBody(account?: NewAccount): Required<NewAccount>;
  createAccount(account?: NewAccount): Promise<AccountRow>;
  /** A new account, signed in with its password. */
  signedInAccount(account?: NewAccount): Promise<{ user: AccountRow; cookie: string }>;
  listUsers(): Promise<AccountRow[]>;
  listRoles(): Promise<RoleRow[]>;
  /** One page of the audit log (up to 500 entries unless `limit` says otherwise). */
  audit(query?: Record<string, string>): Promise<AuditPage>;
  /** The token of a set-password link. */
  tokenOf(setPasswordUrl: string): string;
  setPassword(token: string, password: string): Promise<ApiAnswer<{ user: SessionUser }>>;
};

export function useAdminApiSuite(): AdminApiSuite {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  /** Set once the server runs and the administrator is signed in. */
  let running: { server: ServerProcess; client: ApiCall; adminCookie: string; adminId: string } | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startServerProcess({ DATABASE_URL: database.url });
    const client = restClient(server.url);
    const adminCookie = await signIn(server.url, ADMIN_EMAIL, DEMO_PASSWORD);
    const admin = await client<{ user: SessionUser }>('GET', '/api/auth/me', { cookie: adminCookie });
    running = { server, client, adminCookie, adminId: admin.body.user.id };
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  const current = () => {
    if (!running) throw new Error('the admin API suite is not started yet: use it inside tests and hooks, not at load time');
    return running;
  };

  const api: ApiCall = (method, path, request) => current().client(method, path, request);
  const me = (cookie: string) => api<{ user: SessionUser }>('GET', '/api/auth/me', { cookie });
  const login = (email: string, password: string) => api<{ user: SessionUser }>('POST', '/api/auth/login', { body: { email, password } });
  const asAdmin = <T = unknown>(method: string, path: string, body?: unknown) =>
    api<T>(method, path, { cookie: current().adminCookie, body });

  let emailCounter = 0;
  const freshEmail = (name: string) => `${name}.${++emailCounter}@muster-gmbh.de`;

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

  async function audit(query: Record<string, string> = {}): Promise<AuditPage> {
    const res = await asAdmin<AuditPage>('GET', `/api/admin/audit?${new URLSearchParams({ limit: '500', ...query })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  return {
    get server() {
      return current().server;
    },
    get adminCookie() {
      return current().adminCookie;
    },
    get adminId() {
      return current().adminId;
    },
    api,
    asAdmin,
    me,
    login,
    freshEmail,
    accountBody,
    createAccount,
    async signedInAccount(account = {}) {
      const user = await createAccount(account);
      return { user, cookie: await signIn(current().server.url, user.email, STRONG_PASSWORD) };
    },
    listUsers: async () => (await asAdmin<{ users: AccountRow[] }>('GET', '/api/admin/users')).body.users,
    listRoles: async () => (await asAdmin<{ roles: RoleRow[] }>('GET', '/api/admin/roles')).body.roles,
    audit,
    tokenOf: (setPasswordUrl) => new URL(setPasswordUrl).searchParams.get('token')!,
    setPassword: (token, password) => api<{ user: SessionUser }>('POST', '/api/auth/set-password', { body: { token, password } }),
  };
}
