// One employee's private profile open for editing: the values as they are in the doc (colleagues' edits
// included, live), drafts of input that does not validate yet, and undo/redo of this user's changes.
import * as Y from 'yjs';
import { profileDoc, type Profile, type ProfileField } from '@workmate/sync-protocol';
import type { MessageKey } from '$lib/i18n/translate.ts';
import { PROFILE_EDIT, updateProfileField } from './profile-actions.ts';
import { parseProfileField } from './profile-validation.ts';

/** Typing pauses longer than this start a new undo step. */
const UNDO_CAPTURE_MS = 700;

export class ProfileEditor {
  profile = $state<Profile>({ ...profileDoc.emptyProfileFields, updatedAt: '' });
  drafts = $state<Partial<Record<ProfileField, string>>>({});
  errors = $state<Partial<Record<ProfileField, MessageKey>>>({});
  canUndo = $state(false);
  canRedo = $state(false);

  readonly #doc: Y.Doc;
  readonly #canWrite: () => boolean;
  #undo: Y.UndoManager | null = null;

  constructor(doc: Y.Doc, canWrite: () => boolean) {
    this.#doc = doc;
    this.#canWrite = canWrite;
  }

  /** Starts following the doc; returns the function that stops (call from an effect). */
  start(): () => void {
    const map = profileDoc.profileOf(this.#doc);
    const refresh = () => (this.profile = profileDoc.readProfile(this.#doc));
    map.observe(refresh);
    refresh();
    const undo = new Y.UndoManager(map, { trackedOrigins: new Set([PROFILE_EDIT]), captureTimeout: UNDO_CAPTURE_MS });
    const stacks = () => {
      this.canUndo = undo.canUndo();
      this.canRedo = undo.canRedo();
    };
    undo.on('stack-item-added', stacks);
    undo.on('stack-item-popped', stacks);
    this.#undo = undo;
    return () => {
      map.unobserve(refresh);
      undo.destroy();
      this.#undo = null;
    };
  }

  display(field: ProfileField): string {
    return this.drafts[field] ?? this.profile[field];
  }

  input(field: ProfileField, raw: string): void {
    if (!this.#canWrite()) return;
    const parsed = parseProfileField(field, raw);
    if (!parsed.ok) {
      this.drafts[field] = raw;
      this.errors[field] = parsed.message;
      return;
    }
    delete this.drafts[field];
    delete this.errors[field];
    updateProfileField(this.#doc, field, parsed.value);
  }

  /** Leaving a field: store its tidy (trimmed) form and end the undo step. */
  commit(field: ProfileField): void {
    this.#undo?.stopCapturing();
    if (!this.#canWrite() || this.drafts[field] !== undefined) return;
    const value = this.profile[field];
    if (value.trim() !== value) this.input(field, value.trim());
  }

  discardDraft(field: ProfileField): boolean {
    if (this.drafts[field] === undefined) return false;
    delete this.drafts[field];
    delete this.errors[field];
    return true;
  }

  undo(): void {
    if (this.#canWrite() && this.#undo?.undo()) this.#resetDrafts();
  }

  redo(): void {
    if (this.#canWrite() && this.#undo?.redo()) this.#resetDrafts();
  }

  #resetDrafts(): void {
    this.drafts = {};
    this.errors = {};
  }
}
