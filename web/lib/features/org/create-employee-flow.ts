// "Neue/r Mitarbeiter/in": creates the record (in the filtered department, if one is chosen) and
// returns its id for the caller to open.
import { docName } from '@workmate/sync-protocol';
import { openDoc } from '$lib/data/doc-registry.ts';
import { createEmployee } from './org-actions.ts';

export async function createEmployeeIn(departmentId: string): Promise<string> {
  const org = await openDoc(docName({ kind: 'org' }));
  try {
    return createEmployee(org.doc, departmentId ? { departmentId } : {});
  } finally {
    org.release();
  }
}
