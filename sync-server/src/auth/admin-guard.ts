// The company must never lock itself out: after any change to accounts or roles, at least one active
// account must still be able to manage users and roles. Checked inside the changing transaction.
import type pg from 'pg';
import { hasPermission } from '@workmate/domain/access';
import { AppError } from '../api/errors.ts';

export async function assertSomeoneCanAdminister(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ permissions: string[] | null }>(
    `SELECT (SELECT array_agg(DISTINCT p) FROM roles r, unnest(r.permissions) p WHERE r.key = ANY(u.roles)) AS permissions
       FROM users u WHERE u.active`,
  );
  const ok = rows.some((r) => hasPermission(r.permissions ?? [], 'admin.users') && hasPermission(r.permissions ?? [], 'admin.roles'));
  if (!ok) {
    throw new AppError(409, 'last_admin', 'This would leave no active account that can manage users and roles. Give another account the Admin role first.');
  }
}
