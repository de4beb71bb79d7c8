// English messages for passwords wherever one is chosen: the live rule checklist and what the policy
// refuses. Typed against the German ones.
import type { Translation } from './catalogue.ts';
import type { passwordsDe } from './passwords.de.ts';

export const passwordsEn = {
  'passwordPolicy.rulesLabel': 'Password requirements',
  'passwordPolicy.ruleLength': 'At least {min} characters',
  'passwordPolicy.ruleCommon': 'Not a commonly used password',
  'passwordPolicy.ruleRepeat': 'Not just one character repeated',
  'passwordPolicy.ruleEmail': 'Does not contain the email address',
  'passwordPolicy.ruleTooLong': 'At most {max} characters',
  'passwordPolicy.met': 'met',
  'passwordPolicy.unmet': 'not met yet',
  'passwordPolicy.errorTooShort': 'Too short: please use at least {min} characters – a sentence of several words is easy to remember.',
  'passwordPolicy.errorTooLong': 'Too long: at most {max} characters.',
  'passwordPolicy.errorContainsEmail': 'The password must not contain the email address or its name part. Please choose another.',
  'passwordPolicy.errorCommon': 'This password is on the list of commonly used passwords that attackers try first. Please choose another.',
  'passwordPolicy.errorOneCharacter': 'Please do not just repeat a single character.',
  'passwordPolicy.errorWeak': 'This password is too weak. Please choose a longer, less obvious one.',
} satisfies Translation<typeof passwordsDe>;
