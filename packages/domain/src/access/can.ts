// The one access decision: may this user do `action` to this resource? A resource may name the employee
// it belongs to (own time entries, own leave, own private profile) and that person's department (a team
// lead approves only for their department's people).
import { parseGrant, patternCovers } from './permissions.ts';

export type Subject = {
  permissions: readonly string[];
  /** The employee record linked to the account; null for accounts that are nobody's (e.g. IT). */
  employeeId: string | null;
  /** Departments the user leads (from the org directory). */
  departmentIds?: readonly string[];
};

export type Resource = { ownerEmployeeId?: string | null; departmentId?: string | null };

export function can(subject: Subject, action: string, resource: Resource = {}): boolean {
  for (const raw of subject.permissions) {
    const grant = parseGrant(raw);
    if (!grant || !patternCovers(grant.pattern, action)) continue;
    switch (grant.scope) {
      case null:
        return true;
      case 'own':
        if (subject.employeeId && resource.ownerEmployeeId === subject.employeeId) return true;
        break;
      case 'department':
        if (resource.departmentId && subject.departmentIds?.includes(resource.departmentId)) return true;
        break;
    }
  }
  return false;
}
