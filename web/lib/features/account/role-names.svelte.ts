// Role names by key from `GET /api/admin/roles`, for those allowed to read it (administrators of users or
// roles); everyone else sees the default names (role-label.ts). Loaded once per page load.
import { z } from 'zod';
import { apiRequest } from '$lib/data/api-error.ts';
import { session } from '$lib/data/session.svelte.ts';

const rolesResponseSchema = z.object({ roles: z.array(z.object({ key: z.string(), name: z.string() })) });

class RoleNames {
  names = $state.raw<ReadonlyMap<string, string>>(new Map());
  #loading: Promise<void> | null = null;

  /** Fetches the names if the user may list roles; a failure keeps the default names. */
  load(): Promise<void> {
    if (!session.can('admin.roles') && !session.can('admin.users')) return Promise.resolve();
    return (this.#loading ??= apiRequest('/api/admin/roles').then(
      (body) => {
        const parsed = rolesResponseSchema.safeParse(body);
        if (parsed.success) this.names = new Map(parsed.data.roles.map((r) => [r.key, r.name]));
      },
      (error: unknown) => {
        this.#loading = null;
        console.warn('could not load the role names', error);
      },
    ));
  }
}

export const roleNames = new RoleNames();
