// Reading accounts and what they may do. Permissions come from the user's roles (the `roles` table).
import type pg from 'pg';

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  roles: string[];
  permissions: string[];
  employeeId: string | null;
};

type UserRow = { id: string; email: string; name: string; roles: string[]; employee_id: string | null; permissions: string[] | null };

const selectUser = `
  SELECT u.id, u.email, u.name, u.roles, u.employee_id,
         (SELECT array_agg(DISTINCT p) FROM roles r, unnest(r.permissions) p WHERE r.key = ANY(u.roles)) AS permissions
    FROM users u`;

const toSessionUser = (row: UserRow): SessionUser => ({
  id: row.id,
  email: row.email,
  name: row.name,
  roles: row.roles,
  permissions: row.permissions ?? [],
  employeeId: row.employee_id,
});

export async function findUserById(db: pg.Pool, id: string): Promise<SessionUser | null> {
  const { rows } = await db.query<UserRow>(`${selectUser} WHERE u.id = $1 AND u.active`, [id]);
  return rows[0] ? toSessionUser(rows[0]) : null;
}

export async function findLoginByEmail(
  db: pg.Pool,
  email: string,
): Promise<{ id: string; passwordHash: string } | null> {
  const { rows } = await db.query<{ id: string; password_hash: string }>(
    'SELECT id, password_hash FROM users WHERE lower(email) = lower($1) AND active',
    [email],
  );
  return rows[0] ? { id: rows[0].id, passwordHash: rows[0].password_hash } : null;
}
