// Rules for departments, pure so they can be checked before and inside a transaction alike.
import type { Department } from '@workmate/sync-protocol';

export const DEPARTMENT_NAME_MAX = 100;
export const DEPARTMENT_DESCRIPTION_MAX = 500;

export type DepartmentDraft = { name: string; description: string };
export type DepartmentProblem =
  | { field: 'name'; code: 'required' }
  | { field: 'name'; code: 'taken' }
  | { field: 'name' | 'description'; code: 'too_long'; max: number };

/** Problems with a department's name and description; `selfId` is the department being renamed. */
export function departmentProblems(draft: DepartmentDraft, existing: readonly Department[], selfId?: string): DepartmentProblem[] {
  const problems: DepartmentProblem[] = [];
  const name = draft.name.trim();
  if (name === '') problems.push({ field: 'name', code: 'required' });
  else if (name.length > DEPARTMENT_NAME_MAX) problems.push({ field: 'name', code: 'too_long', max: DEPARTMENT_NAME_MAX });
  else if (existing.some((d) => d.id !== selfId && d.name.trim().toLocaleLowerCase('de') === name.toLocaleLowerCase('de'))) {
    problems.push({ field: 'name', code: 'taken' });
  }
  if (draft.description.trim().length > DEPARTMENT_DESCRIPTION_MAX) {
    problems.push({ field: 'description', code: 'too_long', max: DEPARTMENT_DESCRIPTION_MAX });
  }
  return problems;
}

/** A department can only be deleted when nobody belongs to it any more. */
export function membersBlockingDeletion(departmentId: string, employees: ReadonlyArray<{ departmentId: string }>): number {
  return employees.filter((e) => e.departmentId === departmentId).length;
}
