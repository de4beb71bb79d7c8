// Keeps the `employees` and `departments` query tables equal to the org doc: rebuilt when the doc opens,
// then updated per changed record, batched, so lists and search read IndexedDB instead of the doc.
import type * as Y from 'yjs';
import { orgDoc, type Department, type Employee } from '@workmate/sync-protocol';
import { db, type DepartmentRow, type EmployeeRow } from '../database.ts';
import { searchTextOf } from '../search-text.ts';

/** Changes arriving within this window are written in one IndexedDB transaction. */
const BATCH_MS = 40;

export function employeeRowOf(e: Employee): EmployeeRow {
  const name = [e.firstName, e.lastName].filter(Boolean).join(' ');
  return {
    id: e.id,
    number: e.number,
    name,
    sortName: [e.lastName, e.firstName].filter(Boolean).join(' '),
    firstName: e.firstName,
    lastName: e.lastName,
    email: e.email,
    phone: e.phone,
    position: e.position,
    departmentId: e.departmentId,
    managerId: e.managerId,
    employmentType: e.employmentType,
    status: e.status,
    hireDate: e.hireDate,
    search: searchTextOf([e.firstName, e.lastName, e.number, e.email, e.phone, e.position]),
  };
}

const departmentRowOf = (d: Department): DepartmentRow => ({ id: d.id, name: d.name, description: d.description, createdAt: d.createdAt });

function readEmployeeRow(doc: Y.Doc, id: string): EmployeeRow | null {
  const record = orgDoc.employeesOf(doc).get(id);
  return record ? employeeRowOf({ ...orgDoc.readEmployee(record), id }) : null;
}

function readDepartmentRow(doc: Y.Doc, id: string): DepartmentRow | null {
  const record = orgDoc.departmentsOf(doc).get(id);
  return record ? departmentRowOf({ ...orgDoc.readDepartment(record), id }) : null;
}

/** Ids of the records touched by a deep-observe batch on a collection map. */
function touchedIds(events: Array<Y.YEvent<Y.AbstractType<unknown>>>): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (event.path.length > 0) ids.add(String(event.path[0]));
    else for (const key of (event as Y.YMapEvent<unknown>).keysChanged) ids.add(key);
  }
  return [...ids];
}

async function rebuild(doc: Y.Doc): Promise<void> {
  const employees = [...orgDoc.employeesOf(doc).keys()].map((id) => readEmployeeRow(doc, id)!);
  const departments = [...orgDoc.departmentsOf(doc).keys()].map((id) => readDepartmentRow(doc, id)!);
  await db.transaction('rw', db.employees, db.departments, async () => {
    await db.employees.clear();
    await db.departments.clear();
    await db.employees.bulkPut(employees);
    await db.departments.bulkPut(departments);
  });
}

async function writeChanges(doc: Y.Doc, employeeIds: Set<string>, departmentIds: Set<string>): Promise<void> {
  const employees = [...employeeIds].map((id) => [id, readEmployeeRow(doc, id)] as const);
  const departments = [...departmentIds].map((id) => [id, readDepartmentRow(doc, id)] as const);
  await db.transaction('rw', db.employees, db.departments, async () => {
    await db.employees.bulkPut(employees.flatMap(([, row]) => (row ? [row] : [])));
    await db.employees.bulkDelete(employees.flatMap(([id, row]) => (row ? [] : [id])));
    await db.departments.bulkPut(departments.flatMap(([, row]) => (row ? [row] : [])));
    await db.departments.bulkDelete(departments.flatMap(([id, row]) => (row ? [] : [id])));
  });
}

/** Derives the org query tables from `doc` until the returned function is called. */
export function deriveOrgTables(doc: Y.Doc, onError: (error: unknown) => void): () => void {
  const pendingEmployees = new Set<string>();
  const pendingDepartments = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let chain = rebuild(doc).catch(onError);

  const flush = () => {
    timer = null;
    const employees = new Set(pendingEmployees);
    const departments = new Set(pendingDepartments);
    pendingEmployees.clear();
    pendingDepartments.clear();
    chain = chain.then(() => writeChanges(doc, employees, departments)).catch(onError);
  };
  const schedule = () => (timer ??= setTimeout(flush, BATCH_MS));

  const onEmployees = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (const id of touchedIds(events)) pendingEmployees.add(id);
    schedule();
  };
  const onDepartments = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (const id of touchedIds(events)) pendingDepartments.add(id);
    schedule();
  };
  const employeesMap = orgDoc.employeesOf(doc);
  const departmentsMap = orgDoc.departmentsOf(doc);
  employeesMap.observeDeep(onEmployees);
  departmentsMap.observeDeep(onDepartments);
  return () => {
    employeesMap.unobserveDeep(onEmployees);
    departmentsMap.unobserveDeep(onDepartments);
    if (timer) flush();
  };
}
