// Schema of the `org` doc: the company directory (departments, roles, employees).
//
//   doc.getMap('departments')  id → Y.Map { id, name, description, createdAt }
//   doc.getMap('roles')        id → Y.Map { id, name, description, createdAt }
//   doc.getMap('employees')    id → Y.Map { id, number, firstName, …, notes: Y.Text }
//
// Records are Y.Maps keyed by UUID, so concurrent edits of different fields of one record merge per
// field; `notes` is a Y.Text so two people typing into it merge by character. Everything that reads or
// writes this doc — the web app's actions, the server's seeding and numbering — goes through here.
import * as Y from 'yjs';
import { z } from 'zod';
import { employeeNumberChanges } from '@workmate/domain/org';

export const employmentTypes = ['fulltime', 'parttime', 'minijob', 'student', 'apprentice'] as const;
export type EmploymentType = (typeof employmentTypes)[number];

export const employeeStatuses = ['active', 'onLeave', 'left'] as const;
export type EmployeeStatus = (typeof employeeStatuses)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** The scalar fields of an employee a user may edit (number and timestamps are managed). */
export const employeeFieldsSchema = z.object({
  firstName: z.string().trim().max(100),
  lastName: z.string().trim().max(100),
  email: z.union([z.literal(''), z.email()]),
  phone: z.string().trim().max(50),
  departmentId: z.string().max(64),
  position: z.string().trim().max(100),
  managerId: z.string().max(64),
  employmentType: z.enum(employmentTypes),
  weeklyHours: z.number().min(0).max(60),
  hireDate: z.union([z.literal(''), isoDate]),
  exitDate: z.union([z.literal(''), isoDate]),
  status: z.enum(employeeStatuses),
});
export type EmployeeFields = z.infer<typeof employeeFieldsSchema>;
export type EmployeeField = keyof EmployeeFields;

export type Employee = EmployeeFields & {
  id: string;
  /** `MA-0001`; empty until the server has assigned it (see assignEmployeeNumbers). */
  number: string;
  createdAt: string;
  updatedAt: string;
};

export type Department = { id: string; name: string; description: string; createdAt: string };
export type OrgRole = { id: string; name: string; description: string; createdAt: string };

export const emptyEmployeeFields: EmployeeFields = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  departmentId: '',
  position: '',
  managerId: '',
  employmentType: 'fulltime',
  weeklyHours: 40,
  hireDate: '',
  exitDate: '',
  status: 'active',
};

export type RecordMap = Y.Map<unknown>;

export const employeesOf = (doc: Y.Doc) => doc.getMap<RecordMap>('employees');
export const departmentsOf = (doc: Y.Doc) => doc.getMap<RecordMap>('departments');
export const rolesOf = (doc: Y.Doc) => doc.getMap<RecordMap>('roles');

const str = (m: RecordMap, key: string): string => {
  const v = m.get(key);
  return typeof v === 'string' ? v : '';
};
const num = (m: RecordMap, key: string, fallback: number): number => {
  const v = m.get(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
};
const oneOf = <T extends string>(m: RecordMap, key: string, allowed: readonly T[], fallback: T): T => {
  const v = m.get(key);
  return allowed.includes(v as T) ? (v as T) : fallback;
};

/** Reads an employee record into a plain object; tolerates missing or ill-typed fields. */
export function readEmployee(m: RecordMap): Employee {
  return {
    id: str(m, 'id'),
    number: str(m, 'number'),
    firstName: str(m, 'firstName'),
    lastName: str(m, 'lastName'),
    email: str(m, 'email'),
    phone: str(m, 'phone'),
    departmentId: str(m, 'departmentId'),
    position: str(m, 'position'),
    managerId: str(m, 'managerId'),
    employmentType: oneOf(m, 'employmentType', employmentTypes, 'fulltime'),
    weeklyHours: num(m, 'weeklyHours', 40),
    hireDate: str(m, 'hireDate'),
    exitDate: str(m, 'exitDate'),
    status: oneOf(m, 'status', employeeStatuses, 'active'),
    createdAt: str(m, 'createdAt'),
    updatedAt: str(m, 'updatedAt'),
  };
}

export const readDepartment = (m: RecordMap): Department => ({
  id: str(m, 'id'),
  name: str(m, 'name'),
  description: str(m, 'description'),
  createdAt: str(m, 'createdAt'),
});

export const readRole = (m: RecordMap): OrgRole => ({
  id: str(m, 'id'),
  name: str(m, 'name'),
  description: str(m, 'description'),
  createdAt: str(m, 'createdAt'),
});

/** The employee's notes; created on first access for records that predate the field. */
export function employeeNotes(m: RecordMap): Y.Text {
  const existing = m.get('notes');
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text();
  m.set('notes', text);
  return text;
}

/** Adds an employee. Call inside `doc.transact`. The number stays empty until the server assigns it. */
export function insertEmployee(doc: Y.Doc, id: string, fields: EmployeeFields, now: string, notes = ''): RecordMap {
  const m = new Y.Map<unknown>();
  m.set('id', id);
  m.set('number', '');
  for (const [key, value] of Object.entries(fields)) m.set(key, value);
  m.set('notes', new Y.Text(notes));
  m.set('createdAt', now);
  m.set('updatedAt', now);
  employeesOf(doc).set(id, m);
  return m;
}

/** Sets one field of an employee if it changed. Call inside `doc.transact`. */
export function setEmployeeField<K extends EmployeeField>(
  doc: Y.Doc,
  id: string,
  field: K,
  value: EmployeeFields[K],
  now: string,
): boolean {
  const m = employeesOf(doc).get(id);
  if (!m || m.get(field) === value) return false;
  m.set(field, value);
  m.set('updatedAt', now);
  return true;
}

export function insertDepartment(doc: Y.Doc, d: Department): RecordMap {
  const m = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(d)) m.set(key, value);
  departmentsOf(doc).set(d.id, m);
  return m;
}

/** Sets a department's name and description where they changed. Call inside `doc.transact`. */
export function setDepartmentFields(doc: Y.Doc, id: string, fields: Pick<Department, 'name' | 'description'>): boolean {
  const record = departmentsOf(doc).get(id);
  if (!record) return false;
  let changed = false;
  for (const [key, value] of Object.entries(fields)) {
    if (record.get(key) !== value) {
      record.set(key, value);
      changed = true;
    }
  }
  return changed;
}

/**
 * Removes a department. Call inside `doc.transact`. Writing `deletedAt` first gives the transaction an
 * insertion, so the server's stored state vector can confirm it (a pure deletion leaves no trace in a
 * state vector) and the update log shows when it was removed.
 */
export function removeDepartment(doc: Y.Doc, id: string, now: string): boolean {
  const record = departmentsOf(doc).get(id);
  if (!record) return false;
  record.set('deletedAt', now);
  departmentsOf(doc).delete(id);
  return true;
}

export function insertRole(doc: Y.Doc, r: OrgRole): RecordMap {
  const m = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(r)) m.set(key, value);
  rolesOf(doc).set(r.id, m);
  return m;
}

export const listEmployees = (doc: Y.Doc): Employee[] => [...employeesOf(doc).values()].map(readEmployee);
export const listDepartments = (doc: Y.Doc): Department[] => [...departmentsOf(doc).values()].map(readDepartment);
export const listRoles = (doc: Y.Doc): OrgRole[] => [...rolesOf(doc).values()].map(readRole);

/**
 * Gives every employee without a number the next one, in creation order, and renumbers an employee
 * whose number another (earlier) employee holds too — which a server crash can cause, see
 * employeeNumberChanges. Only the sync server calls this (see packages/domain/src/org/employee-number.ts
 * for why). Call inside `doc.transact`. Returns the numbers written.
 */
export function assignEmployeeNumbers(doc: Y.Doc): string[] {
  const employees = employeesOf(doc);
  // Only records: a device can put anything into the map, and a throw here would end the server process.
  const records = [...employees.entries()]
    .filter(([, m]) => m instanceof Y.Map)
    .map(([id, m]) => ({ id, number: str(m, 'number'), createdAt: str(m, 'createdAt') }));
  const changes = employeeNumberChanges(records);
  for (const { id, number } of changes) employees.get(id)?.set('number', number);
  return changes.map((c) => c.number);
}
