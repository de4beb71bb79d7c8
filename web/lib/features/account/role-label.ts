// A role's name for people: the company's own name for it when known (from the roles API), else the
// name of the default role with that key, else the key itself.
import { defaultRoles } from '@workmate/domain/access';

const defaultNames = new Map(defaultRoles.map((role) => [role.key, role.name]));

export function roleLabel(key: string, names: ReadonlyMap<string, string> = new Map()): string {
  return names.get(key) ?? defaultNames.get(key) ?? key;
}
