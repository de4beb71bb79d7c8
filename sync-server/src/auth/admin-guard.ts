// Who may administer what. Nobody hands on a permission they do not hold, changes their own roles or the
// grants of a role they hold, or manages an account or role holding more than they do (the rule itself is
// pure: `delegationRefusal` in @workmate/domain/access, which the admin screens use too). And the company
// never locks itself out: after any change to accounts or roles, at least one active account must still
// be able to manage users and roles. Both are checked inside the changing transaction.
import type pg from 'pg';
import { delegationRefusal, describeDelegationRefusal, hasPermission, type AdminAction, type Administrator } from '@workmate/domain/access';
import { AppError } from '../api/errors.ts';

/** Refuses with 403 what the delegation rule refuses: the code names the rule, `fields.grants` what is not held. */
export function assertMayAdminister(actor: Administrator, action: AdminAction): void {
  const refusal = delegationRefusal(actor, action);
  if (!refusal) return;
  throw new AppError(403, refusal.code, describeDelegationRefusal(refusal), 'grants' in refusal ? { grants: refusal.grants } : undefined);
}

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
