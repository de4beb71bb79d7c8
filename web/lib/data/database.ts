// The device's own data in IndexedDB (Dexie). `docs` holds every synced Y.Doc (persisted by y-dexie as
// an update log per doc); `outbox` the local changes the server has not confirmed yet; `employees` and
// `departments` are query tables derived from the org doc (rebuildable, never the source of truth);
// `meta` small device facts (the signed-in user, when the server last confirmed a change).
import { Dexie, type EntityTable } from 'dexie';
import yDexie from 'y-dexie';
import type * as Y from 'yjs';
import type { EmployeeStatus, EmploymentType } from '@workmate/sync-protocol';

export const DATABASE_NAME = 'workmate';

export type DocRow = { name: string; readonly doc?: Y.Doc };

/** One local transaction not yet confirmed as stored by the server. */
export type OutboxEntry = {
  seq?: number;
  doc: string;
  /** The Y.Doc client id that made the change and its clock after it: confirmed once stored ≥ clock. */
  client: number;
  clock: number;
  at: number;
};

export type EmployeeRow = {
  id: string;
  number: string;
  /** "Vorname Nachname" as shown; '' while both are empty. */
  name: string;
  /** "Nachname Vorname", for sorting by name. */
  sortName: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  position: string;
  departmentId: string;
  managerId: string;
  employmentType: EmploymentType;
  status: EmployeeStatus;
  hireDate: string;
  /** Normalised text the list search matches against (see search-text.ts). */
  search: string;
};

export type DepartmentRow = { id: string; name: string; description: string; createdAt: string };

export type MetaRow = { key: string; value: unknown };

export type WorkmateDatabase = Dexie & {
  docs: EntityTable<DocRow, 'name'>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  employees: EntityTable<EmployeeRow, 'id'>;
  departments: EntityTable<DepartmentRow, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
};

export const db = new Dexie(DATABASE_NAME, { addons: [yDexie] }) as WorkmateDatabase;

db.version(1).stores({
  docs: 'name, doc: Y.Doc',
  outbox: '++seq, doc',
  employees: 'id, departmentId, status',
  departments: 'id',
  meta: 'key',
});

export async function readMeta<T>(key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function writeMeta(key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}
