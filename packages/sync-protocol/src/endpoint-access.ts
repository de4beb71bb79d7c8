// Every REST endpoint and what it needs: `public` (anyone), `session` (any signed-in user) or a list of
// permissions of which the user needs one. The server mounts exactly these routes through this table and
// checks it before any handler runs; the authorization tests iterate it.
export type EndpointAccess = 'public' | 'session' | readonly string[];

export const endpoints = {
  'GET /healthz': { access: 'public' },
  'POST /api/auth/login': { access: 'public' },
  'POST /api/auth/logout': { access: 'public' },
  'GET /api/auth/me': { access: 'session' },
  'POST /api/auth/set-password': { access: 'public' },
  'GET /api/account/sessions': { access: 'session' },
  'DELETE /api/account/sessions/:id': { access: 'session' },
  'DELETE /api/account/sessions': { access: 'session' },
  'POST /api/account/password': { access: 'session' },
  'GET /api/admin/users': { access: ['admin.users'] },
  'POST /api/admin/users': { access: ['admin.users'] },
  'PATCH /api/admin/users/:id': { access: ['admin.users'] },
  'POST /api/admin/users/:id/password': { access: ['admin.users'] },
  'POST /api/admin/users/:id/sign-out': { access: ['admin.users'] },
  'GET /api/admin/roles': { access: ['admin.roles', 'admin.users'] },
  'POST /api/admin/roles': { access: ['admin.roles'] },
  'PATCH /api/admin/roles/:key': { access: ['admin.roles'] },
  'DELETE /api/admin/roles/:key': { access: ['admin.roles'] },
  'GET /api/admin/audit': { access: ['admin.audit'] },
  'GET /api/admin/audit.csv': { access: ['admin.audit'] },
} as const satisfies Record<string, { access: EndpointAccess }>;

export type EndpointKey = keyof typeof endpoints;
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export function splitEndpointKey(key: EndpointKey): { method: HttpMethod; path: string } {
  const [method, path] = key.split(' ') as [HttpMethod, string];
  return { method, path };
}

/** Methods that change state: they must come from our own origin. */
export const changesState = (method: HttpMethod): boolean => method !== 'GET';
