// Roles and their permission grants, stored in the `roles` table; users reference them by key.
import type pg from 'pg';

/** `members`: accounts holding the role, deactivated ones included (they keep it when reactivated). */
export type RoleRow = { key: string; name: string; description: string; permissions: string[]; members: number };

export async function listRoles(db: pg.Pool | pg.PoolClient): Promise<RoleRow[]> {
  const { rows } = await db.query<{ key: string; name: string; description: string; permissions: string[]; members: string }>(
    `SELECT r.key, r.name, r.description, r.permissions,
            (SELECT count(*) FROM users u WHERE r.key = ANY(u.roles)) AS members
       FROM roles r ORDER BY r.name, r.key`,
  );
  return rows.map((r) => ({ ...r, members: Number(r.members) }));
}

export async function findRole(db: pg.Pool | pg.PoolClient, key: string): Promise<RoleRow | null> {
  return (await listRoles(db)).find((r) => r.key === key) ?? null;
}

/** Whether another role (not `exceptKey`) already has this name, ignoring case. */
export async function roleNameTaken(db: pg.Pool | pg.PoolClient, name: string, exceptKey?: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM roles WHERE lower(name) = lower($1) AND key <> $2', [name.trim(), exceptKey ?? '']);
  return (rowCount ?? 0) > 0;
}

export async function existingRoleKeys(db: pg.Pool | pg.PoolClient, keys: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ key: string }>('SELECT key FROM roles WHERE key = ANY($1::text[])', [keys]);
  return new Set(rows.map((r) => r.key));
}

/** What the roles `keys` grant together, each grant once (unknown keys grant nothing). */
export async function permissionsOfRoles(db: pg.Pool | pg.PoolClient, keys: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ permission: string }>('SELECT DISTINCT p AS permission FROM roles r, unnest(r.permissions) p WHERE r.key = ANY($1::text[])', [keys]);
  return rows.map((r) => r.permission);
}

export async function upsertRole(db: pg.Pool | pg.PoolClient, role: Omit<RoleRow, 'members'>): Promise<void> {
  await db.query(
    `INSERT INTO roles (key, name, description, permissions) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key) DO UPDATE SET name = $2, description = $3, permissions = $4`,
    [role.key, role.name, role.description, role.permissions],
  );
}

export async function deleteRole(db: pg.Pool | pg.PoolClient, key: string): Promise<void> {
  await db.query('DELETE FROM roles WHERE key = $1', [key]);
}
