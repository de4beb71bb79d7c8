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

/**
 * Why linking the account — with the roles `selected` — to the person `employeeId` would be refused
 * (it would hand on scoped rights over that person the administrator does not hold); null when it would
 * not, or when neither the link nor the roles change. `account` is null while creating one.
 */
export function linkRefusal(
  actor: Administrator,
  account: (AccountRoles & { employeeId: string | null }) | null,
  selected: readonly string[],
  employeeId: string | null,
  roles: readonly RoleGrants[],
): LinkRefusal | null {
  if (!employeeId) return null;
  const permissions = permissionsOfRoles(selected, roles);
  let refusal: DelegationRefusal | null;
  if (!account) {
    refusal = delegationRefusal(actor, { kind: 'createAccount', permissions, employeeId });
  } else {
    const rolesChange = selected.length !== account.roles.length || selected.some((key) => !account.roles.includes(key));
    if (employeeId === account.employeeId && !rolesChange) return null;
    refusal = delegationRefusal(actor, { kind: 'manageAccount', account: managed(account, roles), link: { to: employeeId, permissions } });
  }
  // Other refusals (roles one may not give, an account out of reach) are shown where they belong.
  return refusal?.code === 'link_not_held' ? refusal : null;
}

type LinkRefusal = Extract<DelegationRefusal, { code: 'link_not_held' }>;

/** The short explanation of a lock, in the words of the accounts screen. */
export function lockMessage(refusal: DelegationRefusal): MessageKey {
  switch (refusal.code) {
    case 'own_roles':
      return 'adminUsers.ownRolesLocked';
    case 'account_outranks_you':
      return 'adminUsers.accountLocked';
    case 'link_not_held':
      return 'adminUsers.linkNotHeld';
    default:
      return 'adminUsers.roleNotGrantable';
  }
}
