// Reading and changing accounts. Permissions come from the user's roles (the `roles` table).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  /** The roles' names, one per entry of `roles` (the key where a role no longer exists). */
  roleNames: string[];
  permissions: string[];
  employeeId: string | null;
};

/** An account as the admin screens show it. */
export type AccountRow = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  employeeId: string | null;
  active: boolean;
  createdAt: string;
  /** Last request in any session, ended ones included; null if never signed in. */
  lastSeenAt: string | null;
  /** Sessions open right now. */
  sessions: number;
};

export type UserRow = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  role_names: string[] | null;
  employee_id: string | null;
  permissions: string[] | null;
};

/** The columns of a SessionUser, from `users u`; other queries join it (see sessions.ts). */
export const selectUser = `
  SELECT u.id, u.email, u.name, u.roles, u.employee_id,
         ARRAY(SELECT coalesce(r.name, x.key) FROM unnest(u.roles) WITH ORDINALITY AS x(key, i)
                 LEFT JOIN roles r ON r.key = x.key ORDER BY x.i) AS role_names,
         (SELECT array_agg(DISTINCT p) FROM roles r, unnest(r.permissions) p WHERE r.key = ANY(u.roles)) AS permissions
    FROM users u`;

export const toSessionUser = (row: UserRow): SessionUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  roles: row.roles,
  roleNames: row.role_names ?? [],
  permissions: row.permissions ?? [],
  employeeId: row.employee_id,
});

/** An active user with their current permissions, or null. */
export async function findUserById(db: pg.Pool | pg.PoolClient, id: string): Promise<SessionUser | null> {
  const { rows } = await db.query<UserRow>(`${selectUser} WHERE u.id = $1 AND u.active`, [id]);
  return rows[0] ? toSessionUser(rows[0]) : null;
}

export async function findLoginByEmail(db: pg.Pool, email: string): Promise<{ id: string; passwordHash: string } | null> {
  const { rows } = await db.query<{ id: string; password_hash: string }>(
    'SELECT id, password_hash FROM users WHERE lower(email) = lower($1) AND active',
    [email],
  );
  return rows[0] ? { id: rows[0].id, passwordHash: rows[0].password_hash } : null;
}

export async function passwordHashOf(db: pg.Pool, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1 AND active', [userId]);
  return rows[0]?.password_hash ?? null;
}

type AccountDbRow = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  employee_id: string | null;
  active: boolean;
  created_at: Date;
  last_seen_at: Date | null;
  sessions: string;
};

const selectAccount = `
  SELECT u.id, u.email, u.name, u.roles, u.employee_id, u.active, u.created_at,
         max(s.last_seen_at) AS last_seen_at,
         count(s.id_hash) FILTER (WHERE s.expires_at > now() AND s.revoked_at IS NULL) AS sessions
    FROM users u LEFT JOIN sessions s ON s.user_id = u.id`;

const toAccount = (r: AccountDbRow): AccountRow => ({
  id: r.id,
  email: r.email,
  name: r.name,
  roles: r.roles,
  employeeId: r.employee_id,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  sessions: Number(r.sessions),
});

export async function listAccounts(db: pg.Pool): Promise<AccountRow[]> {
  const { rows } = await db.query<AccountDbRow>(`${selectAccount} GROUP BY u.id ORDER BY lower(u.name), u.id`);
  return rows.map(toAccount);
}

export async function findAccount(db: pg.Pool | pg.PoolClient, id: string): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountDbRow>(`${selectAccount} WHERE u.id = $1 GROUP BY u.id`, [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function emailTaken(db: pg.Pool | pg.PoolClient, email: string, exceptId?: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2', [email, exceptId ?? randomUUID()]);
  return (rowCount ?? 0) > 0;
}

export type NewAccount = { email: string; name: string; roles: string[]; employeeId: string | null; passwordHash: string };

export async function insertAccount(db: pg.Pool | pg.PoolClient, account: NewAccount): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO users (id, email, name, password_hash, roles, employee_id) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    account.email,
    account.name,
    account.passwordHash,
    account.roles,
    account.employeeId,
  ]);
  return id;
}

export type AccountChanges = Partial<{ email: string; name: string; roles: string[]; employeeId: string | null; active: boolean }>;

export async function updateAccount(db: pg.Pool | pg.PoolClient, id: string, changes: AccountChanges): Promise<void> {
  const columns: Record<keyof AccountChanges, string> = { email: 'email', name: 'name', roles: 'roles', employeeId: 'employee_id', active: 'active' };
  const sets: string[] = [];
  const values: unknown[] = [id];
  for (const [key, value] of Object.entries(changes) as Array<[keyof AccountChanges, unknown]>) {
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${columns[key]} = $${values.length}`);
  }
  if (sets.length === 0) return;
  await db.query(`UPDATE users SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, values);
}

export async function setPasswordHash(db: pg.Pool | pg.PoolClient, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [id, passwordHash]);
}

/** What an account's roles grant, each grant once; deactivated accounts too (they keep their roles). */
export async function accountPermissions(db: pg.Pool | pg.PoolClient, id: string): Promise<string[]> {
  const { rows } = await db.query<{ permissions: string[] | null }>(
    `SELECT (SELECT array_agg(DISTINCT p) FROM roles r, unnest(r.permissions) p WHERE r.key = ANY(u.roles)) AS permissions
       FROM users u WHERE u.id = $1`,
    [id],
  );
  return rows[0]?.permissions ?? [];
}

/** Active accounts holding any of `roleKeys`. */
export async function usersWithRoles(db: pg.Pool | pg.PoolClient, roleKeys: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM users WHERE roles && $1::text[]', [roleKeys]);
  return rows.map((r) => r.id);
}
