// One employee open for editing: the record as it is in the doc right now (including colleagues'
// edits as they happen), local drafts of values that do not validate yet, and undo/redo of this
// user's own changes to the record.
import * as Y from 'yjs';
import { orgDoc, type Employee, type EmployeeField } from '@workmate/sync-protocol';
import { formatNumber } from '$lib/i18n/format.ts';
import type { TextSplice } from '$lib/ui/text-diff.ts';
import { editEmployeeNotes, ORG_EDIT, touchEmployee, updateEmployeeField } from './org-actions.ts';
import { exitBeforeHire, parseEmployeeField, type FieldMessage } from './employee-validation.ts';

/** Fields whose typed value is trimmed once the user leaves them. */
const trimmedOnCommit: readonly EmployeeField[] = ['firstName', 'lastName', 'email', 'phone', 'position'];

/** Typing pauses longer than this start a new undo step. */
const UNDO_CAPTURE_MS = 700;

export class EmployeeEditor {
  /** The record, or null while it is not (yet) in the local doc. */
  employee = $state<Employee | null>(null);
  /** The notes Y.Text; null for a record that has none yet (created on first edit). */
  notes = $state.raw<Y.Text | null>(null);
  drafts = $state<Partial<Record<EmployeeField, string>>>({});
  errors = $state<Partial<Record<EmployeeField, FieldMessage>>>({});
  canUndo = $state(false);
  canRedo = $state(false);

  readonly #doc: Y.Doc;
  readonly #id: string;
  readonly #canWrite: () => boolean;
  #record: orgDoc.RecordMap | null = null;
  #undo: Y.UndoManager | null = null;
  #unbindRecord: () => void = () => undefined;

  /** `canWrite` guards every write: the server closes the socket of a reader who sends an update. */
  constructor(doc: Y.Doc, id: string, canWrite: () => boolean) {
    this.#doc = doc;
    this.#id = id;
    this.#canWrite = canWrite;
  }

  get id(): string {
    return this.#id;
  }

  /** Starts following the doc; returns the function that stops (call from an effect). */
  start(): () => void {
    const employees = orgDoc.employeesOf(this.#doc);
    const onEmployees = (event: Y.YMapEvent<orgDoc.RecordMap>) => {
      if (event.keysChanged.has(this.#id)) this.#bind(employees.get(this.#id) ?? null);
    };
    employees.observe(onEmployees);
    this.#bind(employees.get(this.#id) ?? null);
    return () => {
      employees.unobserve(onEmployees);
      this.#bind(null);
    };
  }

  #bind(record: orgDoc.RecordMap | null): void {
    if (record === this.#record) return;
    this.#unbindRecord();
    this.#record = record;
    this.#unbindRecord = () => undefined;
    if (record) {
      const refresh = () => this.#read();
      record.observeDeep(refresh);
      const undo = new Y.UndoManager(record, { trackedOrigins: new Set([ORG_EDIT]), captureTimeout: UNDO_CAPTURE_MS });
      const updateStacks = () => {
        this.canUndo = undo.canUndo();
        this.canRedo = undo.canRedo();
      };
      undo.on('stack-item-added', updateStacks);
      undo.on('stack-item-popped', updateStacks);
      undo.on('stack-cleared', updateStacks);
      this.#undo = undo;
      this.#unbindRecord = () => {
        record.unobserveDeep(refresh);
        undo.destroy();
        this.#undo = null;
      };
    }
    this.canUndo = false;
    this.canRedo = false;
    this.#read();
  }

  #read(): void {
    const record = this.#record;
    this.employee = record ? { ...orgDoc.readEmployee(record), id: this.#id } : null;
    const notes = record?.get('notes');
    this.notes = notes instanceof Y.Text ? notes : null;
  }

  /** What the input for `field` shows: the user's invalid draft, else the doc's value. */
  display(field: EmployeeField): string {
    const draft = this.drafts[field];
    if (draft !== undefined) return draft;
    if (!this.employee) return '';
    // Hours in the UI language's notation ("38,5" in German), as the user types them.
    if (field === 'weeklyHours') return formatNumber(this.employee.weeklyHours, { maximumFractionDigits: 2, useGrouping: false });
    return String(this.employee[field]);
  }

  /** A keystroke or selection: valid values go to the doc at once, so colleagues see them live. */
  input(field: EmployeeField, raw: string): void {
    if (!this.#canWrite()) return;
    const parsed = parseEmployeeField(field, raw);
    if (!parsed.ok) {
      this.drafts[field] = raw;
      this.errors[field] = parsed.message;
      return;
    }
    delete this.drafts[field];
    delete this.errors[field];
    updateEmployeeField(this.#doc, this.#id, field, parsed.value);
  }

  /** Leaving a field: store its tidy (trimmed) form. */
  commit(field: EmployeeField): void {
    this.#undo?.stopCapturing();
    if (!this.#canWrite() || !trimmedOnCommit.includes(field) || this.drafts[field] !== undefined || !this.employee) return;
    const value = String(this.employee[field]);
    if (value.trim() !== value) this.input(field, value.trim());
  }

  /** Drops an invalid draft so the field shows the stored value again; false if there was none. */
  discardDraft(field: string): boolean {
    const key = field as EmployeeField;
    if (this.drafts[key] === undefined) return false;
    delete this.drafts[key];
    delete this.errors[key];
    return true;
  }

  editNotes(splice: TextSplice): void {
    if (!this.#canWrite()) return;
    editEmployeeNotes(this.#doc, this.#id, splice);
  }

  get exitBeforeHire(): boolean {
    return this.employee !== null && exitBeforeHire(this.employee);
  }

  undo(): void {
    if (this.#canWrite() && this.#undo?.undo()) this.#afterHistoryStep();
  }

  redo(): void {
    if (this.#canWrite() && this.#undo?.redo()) this.#afterHistoryStep();
  }

  #afterHistoryStep(): void {
    // Restored values replace any invalid draft; the record counts as changed now.
    this.drafts = {};
    this.errors = {};
    touchEmployee(this.#doc, this.#id);
  }
}
