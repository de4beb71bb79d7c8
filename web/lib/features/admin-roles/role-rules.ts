// The rules a role must meet before it is sent: a name (unique among the roles, ignoring case), length
// limits as the server has them, and only grants the permission catalogue knows. The server checks again.
import { grantProblem } from '@workmate/domain/access';

export const ROLE_NAME_MAX = 80;
export const ROLE_DESCRIPTION_MAX = 300;

export type RoleProblem =
  | { field: 'name'; code: 'required' | 'taken' }
  | { field: 'name' | 'description'; code: 'too_long'; max: number }
  | { field: 'permissions'; code: 'invalid_grant'; grant: string };

type Draft = { name: string; description: string; permissions: readonly string[] };

/** What is wrong with a draft; `ownKey` is the role being edited (null while creating one). */
export function roleProblems(draft: Draft, roles: readonly { key: string; name: string }[], ownKey: string | null): RoleProblem[] {
  const problems: RoleProblem[] = [];
  const name = draft.name.trim();
  if (name === '') problems.push({ field: 'name', code: 'required' });
  else if (name.length > ROLE_NAME_MAX) problems.push({ field: 'name', code: 'too_long', max: ROLE_NAME_MAX });
  else if (roles.some((role) => role.key !== ownKey && role.name.trim().toLocaleLowerCase('de') === name.toLocaleLowerCase('de'))) {
    problems.push({ field: 'name', code: 'taken' });
  }
  if (draft.description.trim().length > ROLE_DESCRIPTION_MAX) problems.push({ field: 'description', code: 'too_long', max: ROLE_DESCRIPTION_MAX });
  for (const grant of draft.permissions) if (grantProblem(grant)) problems.push({ field: 'permissions', code: 'invalid_grant', grant });
  return problems;
}

/** The accounts holding a role, active ones first, then by name. */
export function holdersOf<T extends { name: string; roles: readonly string[]; active: boolean }>(key: string, accounts: readonly T[]): T[] {
  return accounts
    .filter((account) => account.roles.includes(key))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'de'));
}
