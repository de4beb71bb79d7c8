// Department writes the org schema module (packages/sync-protocol/src/docs/org.ts) does not offer yet.
// They belong there; until they move, this is the only code that writes departments directly.
import { orgDoc } from '@workmate/sync-protocol';
import type * as Y from 'yjs';

/** Sets name and description where they changed. Call inside `doc.transact`. */
export function setDepartmentFields(doc: Y.Doc, id: string, fields: { name: string; description: string }): boolean {
  const record = orgDoc.departmentsOf(doc).get(id);
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
  const departments = orgDoc.departmentsOf(doc);
  const record = departments.get(id);
  if (!record) return false;
  record.set('deletedAt', now);
  departments.delete(id);
  return true;
}
