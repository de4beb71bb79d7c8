// The company directory as lists read from the query tables (derived from the org doc): what the
// employee list, the department list, the selects and the dashboard show.
import { db, type DepartmentRow, type EmployeeRow } from '$lib/data/database.ts';
import { LiveQuery } from '$lib/data/live-query.svelte.ts';
import { intlLocale, locale } from '$lib/i18n/locale.svelte.ts';

class OrgDirectory {
  readonly #employees = new LiveQuery<EmployeeRow[]>(() => db.employees.toArray(), []);
  readonly #departments = new LiveQuery<DepartmentRow[]>(() => db.departments.toArray(), []);

  get employees(): EmployeeRow[] {
    return this.#employees.current;
  }

  get loaded(): boolean {
    return this.#employees.loaded && this.#departments.loaded;
  }

  collator = $derived(new Intl.Collator(intlLocale[locale.current], { sensitivity: 'base', numeric: true }));

  /** Departments sorted by name. */
  departments = $derived([...this.#departments.current].sort((a, b) => this.collator.compare(a.name, b.name)));

  departmentNames = $derived(new Map(this.#departments.current.map((d) => [d.id, d.name])));

  employeeNames = $derived(new Map(this.#employees.current.map((e) => [e.id, e.name])));

  /** Head count per department id ('' = without department). */
  headcount = $derived.by(() => {
    const counts = new Map<string, number>();
    for (const e of this.#employees.current) counts.set(e.departmentId, (counts.get(e.departmentId) ?? 0) + 1);
    return counts;
  });
}

export const orgDirectory = new OrgDirectory();
