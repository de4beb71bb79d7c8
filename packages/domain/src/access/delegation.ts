// What an administrator may hand on, and whom they may manage. Nobody grants — through a role or an
// account — a permission they do not hold; nobody changes their own roles or the grants of a role they
// hold; nobody manages an account or a role that holds more than they do. Pure: the server refuses with it
// (auth/admin-guard.ts) and the admin screens decide with it what to offer.
import { parseGrant, patternCovers } from './permissions.ts';

/**
 * Whether holding `held` covers handing on `grant`: one held grant names at least the permissions `grant`
 * names (`org.*` covers `org.read` and `org.*`; only `*` covers `*`), for at least the same records (an
 * unscoped grant covers any scope; `time.write@own` covers `time.write@own` only). A wildcard is not put
 * together from parts: `org.read` and `org.write` do not cover `org.*`, which also grants actions added
 * later. Malformed grants cover nothing and are covered by nothing.
 */
export function grantCovered(held: readonly string[], grant: string): boolean {
  const wanted = parseGrant(grant);
  if (!wanted) return false;
  return held.some((raw) => {
    const having = parseGrant(raw);
    return having !== null && patternCovers(having.pattern, wanted.pattern) && (having.scope === null || having.scope === wanted.scope);
  });
}

/** The grants of `granted` that `held` does not cover, each once, in their order. */
export function grantsNotHeld(held: readonly string[], granted: readonly string[]): string[] {
  return [...new Set(granted)].filter((grant) => !grantCovered(held, grant));
}

/** Whether `held` covers every grant of `granted`: `granted` is no more than `held`. */
export function permissionsCover(held: readonly string[], granted: readonly string[]): boolean {
  return granted.every((grant) => grantCovered(held, grant));
}

/**
 * The grants of `granted` that linking an account to the person `employeeId` would hand on and `held`
 * does not cover. A scoped grant (`people.private.read@own`, `leave.approve@department`) is a right over
 * the linked person's own records or their department: linking hands it on for that person. Only
 * someone who holds it for every record — or who is that person and holds it for themselves — covers it.
 */
export function linkGrantsNotHeld(actor: Pick<Administrator, 'permissions' | 'employeeId'>, employeeId: string, granted: readonly string[]): string[] {
  return [...new Set(granted)].filter((grant) => {
    const parsed = parseGrant(grant);
    if (!parsed || parsed.scope === null) return false;
    if (grantCovered(actor.permissions, parsed.pattern)) return false;
    return !(actor.employeeId === employeeId && grantCovered(actor.permissions, grant));
  });
}

/** The one doing the administering: their account, its roles and the permissions those grant. */
export type Administrator = { id: string; roles: readonly string[]; permissions: readonly string[]; employeeId?: string | null };

/** An account's link to a person record being set or changed: `to` with what the account will grant. */
export type LinkChange = { to: string; permissions: readonly string[] };

export type AdminAction =
  /** Creating an account whose roles grant `permissions`, linked to the person `employeeId`. */
  | { kind: 'createAccount'; permissions: readonly string[]; employeeId?: string | null }
  /**
   * Changing an account (name, email, person, active), resetting its password or ending its sessions;
   * `roles` when its roles are to change, with what the new roles grant.
   */
  | {
      kind: 'manageAccount';
      account: { id: string; permissions: readonly string[] };
      roles?: { from: readonly string[]; to: readonly string[]; permissions: readonly string[] };
      /** Set when the account is linked to another person (or first linked). */
      link?: LinkChange;
    }
  /** Creating a role that grants `permissions`. */
  | { kind: 'createRole'; permissions: readonly string[] }
  /** Changing or deleting a role; `permissions` when its grants are to change. */
  | { kind: 'manageRole'; role: { key: string; permissions: readonly string[] }; permissions?: readonly string[] };

export type DelegationRefusal =
  /** Changing one's own roles. */
  | { code: 'own_roles' }
  /** Changing the grants of a role one holds. */
  | { code: 'own_role_permissions'; role: string }
  /** The account holds `grants` the administrator does not. */
  | { code: 'account_outranks_you'; grants: string[] }
  /** The role grants `grants` the administrator does not hold. */
  | { code: 'role_outranks_you'; grants: string[] }
  /** The change would grant `grants` the administrator does not hold. */
  | { code: 'grant_not_held'; grants: string[] }
  /** Linking the account to a person would hand on `grants` over that person's records the administrator does not hold. */
  | { code: 'link_not_held'; grants: string[] };

/** Whether `actor` holds the role `key` — and so may not change what it grants. */
export const holdsRole = (actor: Pick<Administrator, 'roles'>, key: string): boolean => actor.roles.includes(key);

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
};

/** Why `actor` may not do `action`, or null when they may. The first reason that applies is given. */
export function delegationRefusal(actor: Administrator, action: AdminAction): DelegationRefusal | null {
  const notHeld = (granted: readonly string[]) => grantsNotHeld(actor.permissions, granted);
  switch (action.kind) {
    case 'createAccount': {
      const grants = notHeld(action.permissions);
      if (grants.length > 0) return { code: 'grant_not_held', grants };
      return action.employeeId ? linkRefusal(actor, { to: action.employeeId, permissions: action.permissions }) : null;
    }
    case 'createRole': {
      const grants = notHeld(action.permissions);
      return grants.length > 0 ? { code: 'grant_not_held', grants } : null;
    }
    case 'manageAccount': {
      const { account, roles } = action;
      const rolesChange = roles !== undefined && !sameSet(roles.from, roles.to);
      if (rolesChange && account.id === actor.id) return { code: 'own_roles' };
      const above = notHeld(account.permissions);
      if (above.length > 0) return { code: 'account_outranks_you', grants: above };
      const grants = rolesChange ? notHeld(roles.permissions) : [];
      if (grants.length > 0) return { code: 'grant_not_held', grants };
      return action.link ? linkRefusal(actor, action.link) : null;
    }
    case 'manageRole': {
      const { role, permissions } = action;
      const above = notHeld(role.permissions);
      if (above.length > 0) return { code: 'role_outranks_you', grants: above };
      if (permissions === undefined || sameSet(permissions, role.permissions)) return null;
      if (holdsRole(actor, role.key)) return { code: 'own_role_permissions', role: role.key };
      const grants = notHeld(permissions);
      return grants.length > 0 ? { code: 'grant_not_held', grants } : null;
    }
  }
}

function linkRefusal(actor: Administrator, link: LinkChange): DelegationRefusal | null {
  const grants = linkGrantsNotHeld(actor, link.to, link.permissions);
  return grants.length > 0 ? { code: 'link_not_held', grants } : null;
}

/** The refusal as one English sentence for API errors, ending with what to do; the web app translates. */
export function describeDelegationRefusal(refusal: DelegationRefusal): string {
  switch (refusal.code) {
    case 'own_roles':
      return 'You cannot change your own roles. Ask another administrator who manages users to do it.';
    case 'own_role_permissions':
      return `You hold the role "${refusal.role}" yourself, so you cannot change its permissions. Ask another administrator who manages roles to do it.`;
    case 'account_outranks_you':
      return `This account holds permissions you do not have (${refusal.grants.join(', ')}), so you cannot change it, reset its password or sign it out. Ask an administrator who holds them.`;
    case 'role_outranks_you':
      return `This role grants permissions you do not have (${refusal.grants.join(', ')}), so you cannot change or delete it. Ask an administrator who holds them.`;
    case 'grant_not_held':
      return `You cannot grant permissions you do not hold yourself (${refusal.grants.join(', ')}). Leave them out, or ask an administrator who holds them.`;
    case 'link_not_held':
      return `Linking this account to that person would give it rights over their records that you do not hold (${refusal.grants.join(', ')}). Leave the account unlinked, link it to another person, or ask an administrator who holds them.`;
  }
}
