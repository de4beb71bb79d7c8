// Every change a user makes to the company directory goes through here: one `doc.transact` per user
// action, written with the org schema API, so undo, the outbox and colleagues all see whole actions.
import * as Y from 'yjs';
import { orgDoc, type EmployeeField, type EmployeeFields } from '@workmate/sync-protocol';
import type { TextSplice } from '$lib/ui/text-diff.ts';
import { departmentProblems, membersBlockingDeletion, type DepartmentDraft, type DepartmentProblem } from './department-rules.ts';
import { newId } from './new-id.ts';

/** Origin of the user's own edits; the undo manager tracks exactly these. */
export const ORG_EDIT = Symbol('org-edit');
/** Origin of bookkeeping writes that must not become undo steps. */
const ORG_BOOKKEEPING = Symbol('org-bookkeeping');

const now = () => new Date().toISOString();

export function createEmployee(doc: Y.Doc, preset: Partial<EmployeeFields> = {}): string {
  const id = newId();
  doc.transact(() => orgDoc.insertEmployee(doc, id, { ...orgDoc.emptyEmployeeFields, ...preset }, now()), ORG_EDIT);
  return id;
}

export function updateEmployeeField<K extends EmployeeField>(doc: Y.Doc, id: string, field: K, value: EmployeeFields[K]): void {
  doc.transact(() => orgDoc.setEmployeeField(doc, id, field, value, now()), ORG_EDIT);
}

/** Applies one edit of the notes textarea as a character splice, so concurrent typing merges. */
export function editEmployeeNotes(doc: Y.Doc, id: string, splice: TextSplice): void {
  doc.transact(() => {
    const record = orgDoc.employeesOf(doc).get(id);
    if (!record) return;
    const notes = orgDoc.employeeNotes(record);
    if (splice.remove > 0) notes.delete(splice.index, splice.remove);
    if (splice.insert) notes.insert(splice.index, splice.insert);
    // Also keeps the transaction from being a pure deletion, which the server's ack could not confirm.
    record.set('updatedAt', now());
  }, ORG_EDIT);
}

/** Marks an employee as changed now, e.g. after an undo step restored older values. */
export function touchEmployee(doc: Y.Doc, id: string): void {
  doc.transact(() => orgDoc.employeesOf(doc).get(id)?.set('updatedAt', now()), ORG_BOOKKEEPING);
}

export type DepartmentResult = { ok: true; id: string } | { ok: false; problems: DepartmentProblem[] };

export function createDepartment(doc: Y.Doc, draft: DepartmentDraft): DepartmentResult {
  const problems = departmentProblems(draft, orgDoc.listDepartments(doc));
  if (problems.length > 0) return { ok: false, problems };
  const id = newId();
  doc.transact(
    () => orgDoc.insertDepartment(doc, { id, name: draft.name.trim(), description: draft.description.trim(), createdAt: now() }),
    ORG_EDIT,
  );
  return { ok: true, id };
}

export function updateDepartment(doc: Y.Doc, id: string, draft: DepartmentDraft): DepartmentResult {
  const problems = departmentProblems(draft, orgDoc.listDepartments(doc), id);
  if (problems.length > 0) return { ok: false, problems };
  doc.transact(() => orgDoc.setDepartmentFields(doc, id, { name: draft.name.trim(), description: draft.description.trim() }), ORG_EDIT);
  return { ok: true, id };
}

export type DeleteDepartmentResult = { ok: true } | { ok: false; members: number };

/** Deletes a department unless someone still belongs to it (checked against the doc, not a list). */
export function deleteDepartment(doc: Y.Doc, id: string): DeleteDepartmentResult {
  let members = 0;
  doc.transact(() => {
    members = membersBlockingDeletion(id, orgDoc.listEmployees(doc));
    if (members === 0) orgDoc.removeDepartment(doc, id, now());
  }, ORG_EDIT);
  return members === 0 ? { ok: true } : { ok: false, members };
}
