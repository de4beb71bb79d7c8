// Every change to an employee's private profile goes through here, one `doc.transact` per edit.
import type * as Y from 'yjs';
import { profileDoc, type ProfileField } from '@workmate/sync-protocol';

/** Origin of the user's own edits; the undo manager tracks exactly these. */
export const PROFILE_EDIT = Symbol('profile-edit');

export function updateProfileField(doc: Y.Doc, field: ProfileField, value: string): void {
  doc.transact(() => profileDoc.setProfileField(doc, field, value, new Date().toISOString()), PROFILE_EDIT);
}
