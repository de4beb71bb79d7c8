// Turns what a user typed into a field value the org schema accepts, or the message to show instead.
import { orgDoc, type EmployeeField, type EmployeeFields } from '@workmate/sync-protocol';
import type { MessageKey, MessageParams } from '$lib/i18n/translate.ts';

export type FieldMessage = { key: MessageKey; params?: MessageParams };
export type ParsedField<K extends EmployeeField> = { ok: true; value: EmployeeFields[K] } | { ok: false; message: FieldMessage };

const TEXT_MAX: Partial<Record<EmployeeField, number>> = { firstName: 100, lastName: 100, phone: 50, position: 100 };

/**
 * Validates raw input for one field with employeeFieldsSchema. Text is returned as typed (not
 * trimmed) so that typing a space between two words is not undone on the next keystroke.
 */
export function parseEmployeeField<K extends EmployeeField>(field: K, raw: string): ParsedField<K> {
  const input = field === 'weeklyHours' ? hoursFromInput(raw) : raw;
  const result = orgDoc.employeeFieldsSchema.shape[field].safeParse(input);
  if (result.success) {
    const value = (typeof input === 'string' ? input : result.data) as EmployeeFields[K];
    return { ok: true, value };
  }
  return { ok: false, message: messageFor(field) };
}

/** "38,5" and "38.5" are both 38.5 hours; anything else is not a number. */
function hoursFromInput(raw: string): number {
  const trimmed = raw.trim().replace(',', '.');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

function messageFor(field: EmployeeField): FieldMessage {
  if (field === 'email') return { key: 'validation.email' };
  if (field === 'weeklyHours') return { key: 'validation.hours' };
  if (field === 'hireDate' || field === 'exitDate') return { key: 'validation.date' };
  const max = TEXT_MAX[field];
  if (max) return { key: 'validation.tooLong', params: { max } };
  return { key: 'validation.invalid' };
}

/** An exit before the hire date is allowed to be stored (someone may be mid-correction) but flagged. */
export function exitBeforeHire(fields: Pick<EmployeeFields, 'hireDate' | 'exitDate'>): boolean {
  return fields.hireDate !== '' && fields.exitDate !== '' && fields.exitDate < fields.hireDate;
}
