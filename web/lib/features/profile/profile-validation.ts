// Turns what a user typed into a private-profile value, or the message to show instead. Values are
// stored in a canonical form (IBAN without spaces and upper-case, tax ID digits only).
import { normaliseIban } from '@workmate/domain/people';
import { profileDoc, type ProfileField } from '@workmate/sync-protocol';
import type { MessageKey } from '$lib/i18n/translate.ts';

export type ParsedProfileField = { ok: true; value: string } | { ok: false; message: MessageKey };

const messages: Partial<Record<ProfileField, MessageKey>> = {
  birthday: 'validation.date',
  postalCode: 'profile.errorPostalCode',
  privateEmail: 'validation.email',
  iban: 'profile.errorIban',
  taxId: 'profile.errorTaxId',
  socialSecurityNumber: 'profile.errorSocialSecurity',
};

const canonical: Partial<Record<ProfileField, (raw: string) => string>> = {
  iban: normaliseIban,
  taxId: (raw) => raw.replace(/\s+/g, ''),
  socialSecurityNumber: (raw) => raw.toUpperCase(),
};

export function parseProfileField(field: ProfileField, raw: string): ParsedProfileField {
  const value = (canonical[field] ?? ((v: string) => v))(raw);
  const result = profileDoc.profileFieldsSchema.shape[field].safeParse(value.trim() === '' ? '' : value);
  if (result.success) return { ok: true, value: value.trim() === '' ? '' : value };
  return { ok: false, message: messages[field] ?? 'validation.invalid' };
}
