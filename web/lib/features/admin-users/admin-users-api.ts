// The accounts API of Verwaltung › Benutzer (`/api/admin/users`, `/api/admin/roles`). Answers are checked
// with zod before the screen trusts them; failures arrive as ApiError with the server's code and fields.
import { z } from 'zod';
import { apiRequest, ApiError } from '$lib/data/api-error.ts';

export const accountSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  employeeId: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  sessions: z.number().int().nonnegative(),
});
export type Account = z.infer<typeof accountSchema>;

export const roleSchema = z.object({
  key: z.string().min(1),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  members: z.number().int().nonnegative(),
});
export type Role = z.infer<typeof roleSchema>;

/** How a new account (or a reset) gets its password: set now by the admin, or by the person via a one-time link. */
export type Credential = { kind: 'password'; password: string } | { kind: 'link' };

export type NewAccount = { name: string; email: string; roles: string[]; employeeId: string | null; credential: Credential };
export type AccountChanges = Partial<{ name: string; email: string; roles: string[]; employeeId: string | null; active: boolean }>;

const setPasswordUrl = z.url();

function checked<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, 'bad_response', 'The server sent an unexpected answer. Reload the page and try again.');
  return parsed.data;
}

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

export async function fetchAccounts(): Promise<Account[]> {
  return checked(z.object({ users: z.array(accountSchema) }), await apiRequest('/api/admin/users')).users;
}

export async function fetchRoles(): Promise<Role[]> {
  return checked(z.object({ roles: z.array(roleSchema) }), await apiRequest('/api/admin/roles')).roles;
}

/** Creates the account; with a link credential the answer carries the one-time set-password URL. */
export async function createAccount(account: NewAccount): Promise<{ user: Account; setPasswordUrl: string | null }> {
  const body = checked(
    z.object({ user: accountSchema, setPasswordUrl: setPasswordUrl.optional() }),
    await apiRequest('/api/admin/users', { method: 'POST', body: account }),
  );
  return { user: body.user, setPasswordUrl: body.setPasswordUrl ?? null };
}

export async function updateAccount(id: string, changes: AccountChanges): Promise<Account> {
  return checked(z.object({ user: accountSchema }), await apiRequest(userPath(id), { method: 'PATCH', body: changes })).user;
}

/** A new password (ends every session of the account) or a new one-time link (replaces older unused ones). */
export async function resetPassword(id: string, credential: Credential): Promise<{ setPasswordUrl: string | null }> {
  const body = await apiRequest<unknown>(`${userPath(id)}/password`, { method: 'POST', body: credential });
  if (credential.kind === 'password') return { setPasswordUrl: null };
  return { setPasswordUrl: checked(z.object({ setPasswordUrl }), body).setPasswordUrl };
}

/** Ends every open session of the account; resolves with how many there were. */
export async function signOutEverywhere(id: string): Promise<number> {
  return checked(z.object({ ended: z.number().int().nonnegative() }), await apiRequest(`${userPath(id)}/sign-out`, { method: 'POST' })).ended;
}
