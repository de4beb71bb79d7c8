// Schema of a `profile/<employeeId>` doc: one employee's private data, kept out of the directory doc so
// that only HR (and the employee) ever receive it.
//
//   doc.getMap('profile')  { birthday, street, postalCode, city, privatePhone, privateEmail, iban,
//                            taxId, socialSecurityNumber, healthInsurance, emergencyContact, updatedAt }
import * as Y from 'yjs';
import { z } from 'zod';
import { isValidIban, isValidTaxId } from '@workmate/domain/people';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal(''), schema]);

export const profileFieldsSchema = z.object({
  birthday: optional(isoDate),
  street: z.string().trim().max(120),
  postalCode: optional(z.string().regex(/^\d{5}$/, 'expected five digits')),
  city: z.string().trim().max(80),
  privatePhone: z.string().trim().max(50),
  privateEmail: optional(z.email()),
  iban: optional(z.string().refine(isValidIban, 'not a valid IBAN')),
  taxId: optional(z.string().refine(isValidTaxId, 'not a valid tax ID')),
  socialSecurityNumber: optional(z.string().regex(/^\d{2}\s?\d{6}\s?[A-Z]\s?\d{3}$/i, 'expected e.g. 65 170839 J 003')),
  healthInsurance: z.string().trim().max(80),
  emergencyContact: z.string().trim().max(120),
});
export type ProfileFields = z.infer<typeof profileFieldsSchema>;
export type ProfileField = keyof ProfileFields;
export type Profile = ProfileFields & { updatedAt: string };

export const profileFields = Object.keys(profileFieldsSchema.shape) as ProfileField[];

export const emptyProfileFields: ProfileFields = {
  birthday: '',
  street: '',
  postalCode: '',
  city: '',
  privatePhone: '',
  privateEmail: '',
  iban: '',
  taxId: '',
  socialSecurityNumber: '',
  healthInsurance: '',
  emergencyContact: '',
};

export const profileOf = (doc: Y.Doc) => doc.getMap<unknown>('profile');

/** Reads the profile; missing or ill-typed fields read as empty. */
export function readProfile(doc: Y.Doc): Profile {
  const map = profileOf(doc);
  const text = (key: string) => {
    const v = map.get(key);
    return typeof v === 'string' ? v : '';
  };
  const fields = Object.fromEntries(profileFields.map((f) => [f, text(f)])) as ProfileFields;
  return { ...fields, updatedAt: text('updatedAt') };
}

/** Sets one field if it changed. Call inside `doc.transact`. */
export function setProfileField(doc: Y.Doc, field: ProfileField, value: string, now: string): boolean {
  const map = profileOf(doc);
  if (map.get(field) === value) return false;
  map.set(field, value);
  map.set('updatedAt', now);
  return true;
}
