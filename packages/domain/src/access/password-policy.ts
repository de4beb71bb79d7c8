// What a password must be: at least 10 characters, not the email address (nor built on its name part), and
// not one of the passwords attackers try first. Length beats composition rules (NIST SP 800-63B).
import { commonPasswords } from './common-passwords.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_email' | 'common' | 'one_character';

const problemCodes: ReadonlySet<string> = new Set<PasswordProblem>(['too_short', 'too_long', 'contains_email', 'common', 'one_character']);

/** Whether a code from the server's `weak_password` answer is one of ours (newer servers may add codes). */
export const isPasswordProblem = (code: string): code is PasswordProblem => problemCodes.has(code);

export function passwordProblems(password: string, email: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const name = address.split('@')[0] ?? '';
  if (address !== '' && (lower.includes(address) || (name.length >= 4 && lower.includes(name)))) problems.push('contains_email');
  if (commonPasswords.has(lower) || commonPasswords.has(lower.replace(/[\d!?.]+$/, ''))) problems.push('common');
  if (length > 0 && new Set(password).size === 1) problems.push('one_character');
  return problems;
}

/**
 * The rules a live checklist shows while a password is typed, each met or not (none while it is empty).
 * The email rule is left out when the email is unknown (''), and the upper limit appears only once broken.
 */
export function passwordChecklist(password: string, email: string): Array<{ rule: PasswordProblem; met: boolean }> {
  const problems = new Set(passwordProblems(password, email));
  const rules: PasswordProblem[] = ['too_short'];
  if (email.trim() !== '') rules.push('contains_email');
  rules.push('common', 'one_character');
  if (problems.has('too_long')) rules.push('too_long');
  return rules.map((rule) => ({ rule, met: password !== '' && !problems.has(rule) }));
}

/** The problems as one English sentence for API errors; the web app shows its own translated texts. */
export function describePasswordProblems(problems: readonly PasswordProblem[]): string {
  const text: Record<PasswordProblem, string> = {
    too_short: `use at least ${PASSWORD_MIN_LENGTH} characters`,
    too_long: `use at most ${PASSWORD_MAX_LENGTH} characters`,
    contains_email: 'do not use the email address in it',
    common: 'choose one that is not on the list of common passwords',
    one_character: 'do not repeat a single character',
  };
  return `Choose another password: ${problems.map((p) => text[p]).join('; ')}.`;
}
