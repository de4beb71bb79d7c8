// English messages for Private details. Typed against the German ones.
import type { Translation } from './catalogue.ts';
import type { profileDe } from './profile.de.ts';

export const profileEn = {
  'profile.title': 'Private details',
  'profile.hint': 'Visible only to HR and the person themselves. Every change is logged.',
  'profile.hintOwn': 'Your own details – visible only to you and HR.',
  'profile.loading': 'Loading private details…',
  'profile.updatedAt': 'Last changed: {time}',
  'profile.groupPerson': 'Person',
  'profile.groupAddress': 'Address',
  'profile.groupPayroll': 'Payroll & social security',
  'profile.birthday': 'Date of birth',
  'profile.street': 'Street and number',
  'profile.postalCode': 'Postcode',
  'profile.city': 'City',
  'profile.privatePhone': 'Private phone',
  'profile.privateEmail': 'Private email',
  'profile.iban': 'IBAN',
  'profile.taxId': 'Tax ID',
  'profile.socialSecurityNumber': 'Social security number',
  'profile.healthInsurance': 'Health insurer',
  'profile.emergencyContact': 'Emergency contact',
  'profile.errorPostalCode': 'Enter five digits, e.g. 10115.',
  'profile.errorIban': 'This IBAN is not valid – check the digits and the checksum.',
  'profile.errorTaxId': 'The tax ID has 11 digits and a check digit – please check it.',
  'profile.errorSocialSecurity': 'Format: 12 345678 A 123 (as on the social security card).',
} satisfies Translation<typeof profileDe>;
