// Search, filters and sort of the employee list. One instance for the page session, so coming back
// from an employee finds the list as it was left.
import { orgDoc, type EmployeeStatus } from '@workmate/sync-protocol';
import type { EmployeeRow } from '$lib/data/database.ts';
import { matchesQuery } from '$lib/data/search-text.ts';
import { orgDirectory } from './org-directory.svelte.ts';

export const employeeSorts = ['name', 'number', 'department', 'hireDate'] as const;
export type EmployeeSort = (typeof employeeSorts)[number];

/** Filter value for "in no department". */
export const NO_DEPARTMENT = '-';

class EmployeeListState {
  query = $state('');
  /** '' = all departments, NO_DEPARTMENT = none, else a department id. */
  departmentId = $state('');
  status = $state<EmployeeStatus | ''>('');
  sort = $state<EmployeeSort>('name');

  get filtering(): boolean {
    return this.query.trim() !== '' || this.departmentId !== '' || this.status !== '';
  }

  get total(): number {
    return orgDirectory.employees.length;
  }

  rows = $derived.by(() => {
    const { query, departmentId, status, sort } = this;
    const wantedDepartment = departmentId === NO_DEPARTMENT ? '' : departmentId;
    const matches = orgDirectory.employees.filter(
      (e) =>
        (departmentId === '' || e.departmentId === wantedDepartment) &&
        (status === '' || e.status === status) &&
        (query.trim() === '' || matchesQuery(e.search, query)),
    );
    return matches.sort(this.#comparator(sort));
  });

  reset(): void {
    this.query = '';
    this.departmentId = '';
    this.status = '';
  }

  setStatus(value: string): void {
    this.status = (orgDoc.employeeStatuses as readonly string[]).includes(value) ? (value as EmployeeStatus) : '';
  }

  #comparator(sort: EmployeeSort): (a: EmployeeRow, b: EmployeeRow) => number {
    const { collator, departmentNames } = orgDirectory;
    const byName = (a: EmployeeRow, b: EmployeeRow) => collator.compare(a.sortName, b.sortName) || a.id.localeCompare(b.id);
    /** Empty values (no number yet, no department, no date) go last. */
    const emptyLast = (x: string, y: string) => (x === '' ? 1 : 0) - (y === '' ? 1 : 0);
    switch (sort) {
      case 'name':
        return byName;
      case 'number':
        return (a, b) => emptyLast(a.number, b.number) || collator.compare(a.number, b.number) || byName(a, b);
      case 'department': {
        const name = (e: EmployeeRow) => departmentNames.get(e.departmentId) ?? '';
        return (a, b) => emptyLast(name(a), name(b)) || collator.compare(name(a), name(b)) || byName(a, b);
      }
      case 'hireDate':
        return (a, b) => emptyLast(a.hireDate, b.hireDate) || a.hireDate.localeCompare(b.hireDate) || byName(a, b);
    }
  }
}

export const employeeList = new EmployeeListState();
