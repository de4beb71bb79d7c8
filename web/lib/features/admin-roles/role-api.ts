// The roles REST API (`/api/admin/roles`) and the account list that tells who holds a role
// (`/api/admin/users`). Roles live on the server, not in a doc: every call needs a connection. Answers are
// validated before the screen trusts them.
import { z } from 'zod';
import { ApiError, apiRequest } from '$lib/data/api-error.ts';

const roleSchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  /** Active accounts holding the role. */
  members: z.number(),
});

const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
});

export type Role = z.infer<typeof roleSchema>;
export type Account = z.infer<typeof accountSchema>;
export type RoleDraft = { name: string; description: string; permissions: string[] };

function parsed<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError(502, 'bad_response', 'The server sent an unexpected answer. Reload the page and try again.');
  return result.data;
}

export async function fetchRoles(): Promise<Role[]> {
  return parsed(z.object({ roles: z.array(roleSchema) }), await apiRequest('/api/admin/roles')).roles;
}

export async function fetchAccounts(): Promise<Account[]> {
  return parsed(z.object({ users: z.array(accountSchema) }), await apiRequest('/api/admin/users')).users;
}

/** Creates a role; the server derives its key from the name. */
export async function createRole(draft: RoleDraft): Promise<Role> {
  return parsed(z.object({ role: roleSchema }), await apiRequest('/api/admin/roles', { method: 'POST', body: draft })).role;
}

/** Changes the fields given, and only those (a change of grants takes effect on open connections at once). */
export async function updateRole(key: string, changes: Partial<RoleDraft>): Promise<Role> {
  const body = await apiRequest(`/api/admin/roles/${encodeURIComponent(key)}`, { method: 'PATCH', body: changes });
  return parsed(z.object({ role: roleSchema }), body).role;
}

export async function deleteRole(key: string): Promise<void> {
  await apiRequest(`/api/admin/roles/${encodeURIComponent(key)}`, { method: 'DELETE' });
}
