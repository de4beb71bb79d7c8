// What the signed-in administrator may do with a role in the editor — change it at all, change its
// grants, and which grants they may add — decided with the rule the server enforces
// (`delegationRefusal`), so the editor offers exactly what saving would be allowed to store.
import { delegationRefusal, holdsRole, type Administrator, type DelegationRefusal } from '@workmate/domain/access';
import { stateToGrants, type GrantEditorState } from './grant-editor.ts';

type RoleGrants = { key: string; permissions: readonly string[] };

/** Why the role may not be changed or deleted at all — it grants more than the administrator holds; null when it may. */
export function roleLock(actor: Administrator, role: RoleGrants): DelegationRefusal | null {
  return delegationRefusal(actor, { kind: 'manageRole', role });
}

/** Whether the role's grants stay as they are for this administrator: they hold the role themselves. */
export function ownRole(actor: Administrator, role: RoleGrants | null): boolean {
  return role !== null && holdsRole(actor, role.key);
}

/**
 * Why saving the grants of `next` would be refused; null when it would not. `role` is the role as the
 * server has it, null while creating one.
 */
export function grantChangeRefusal(actor: Administrator, role: RoleGrants | null, next: GrantEditorState): DelegationRefusal | null {
  const permissions = stateToGrants(next);
  return role ? delegationRefusal(actor, { kind: 'manageRole', role, permissions }) : delegationRefusal(actor, { kind: 'createRole', permissions });
}
