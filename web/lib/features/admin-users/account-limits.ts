// What the signed-in administrator may do to an account — manage it at all, tick or untick which of its
// roles — decided with the rule the server enforces (`delegationRefusal`), so the screen offers exactly
// what the server accepts and says why the rest is locked.
import { delegationRefusal, type Administrator, type DelegationRefusal } from '@workmate/domain/access';
import type { MessageKey } from '$lib/i18n/translate.ts';

type RoleGrants = { key: string; permissions: readonly string[] };
type AccountRoles = { id: string; roles: readonly string[] };

/** What the roles `keys` grant together; a role that no longer exists grants nothing (as on the server). */
export function permissionsOfRoles(keys: readonly string[], roles: readonly RoleGrants[]): string[] {
  return [...new Set(roles.filter((role) => keys.includes(role.key)).flatMap((role) => role.permissions))];
}

const managed = (account: AccountRoles, roles: readonly RoleGrants[]) => ({ id: account.id, permissions: permissionsOfRoles(account.roles, roles) });

/** Why `actor` may not edit, reset, sign out or deactivate the account; null when they may. */
export function accountLock(actor: Administrator, account: AccountRoles, roles: readonly RoleGrants[]): DelegationRefusal | null {
  return delegationRefusal(actor, { kind: 'manageAccount', account: managed(account, roles) });
}

/**
 * Why ticking or unticking `key` — with `selected` ticked now — would be refused; null when it would not.
 * `account` is null while creating one.
 */
export function roleToggleRefusal(
  actor: Administrator,
  account: AccountRoles | null,
  selected: readonly string[],
  key: string,
  roles: readonly RoleGrants[],
): DelegationRefusal | null {
  const to = selected.includes(key) ? selected.filter((k) => k !== key) : [...selected, key];
  const permissions = permissionsOfRoles(to, roles);
  if (!account) return delegationRefusal(actor, { kind: 'createAccount', permissions });
  return delegationRefusal(actor, { kind: 'manageAccount', account: managed(account, roles), roles: { from: account.roles, to, permissions } });
}

/** The short explanation of a lock, in the words of the accounts screen. */
export function lockMessage(refusal: DelegationRefusal): MessageKey {
  switch (refusal.code) {
    case 'own_roles':
      return 'adminUsers.ownRolesLocked';
    case 'account_outranks_you':
      return 'adminUsers.accountLocked';
    default:
      return 'adminUsers.roleNotGrantable';
  }
}
