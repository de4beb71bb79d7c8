// The password change form's rules: the live checklist under the new password (the same policy the
// server applies, from @workmate/domain/access), the checks before sending, and the server's refusals
// mapped back onto the fields they concern.
import { passwordProblems, type PasswordProblem } from '@workmate/domain/access';

export type PasswordField = 'currentPassword' | 'newPassword' | 'repeat';

export type PasswordFieldError =
  | { code: 'required' }
  | { code: 'wrong' }
  | { code: 'mismatch' }
  | { code: 'weak'; problems: PasswordProblem[] };

export type PasswordChangeErrors = Partial<Record<PasswordField, PasswordFieldError>>;

export type PasswordChangeInput = { currentPassword: string; newPassword: string; repeat: string; email: string };

/** The rules the checklist shows, each met or not; `too_long` only appears once it is broken. */
export type PasswordRule = 'length' | 'notEmail' | 'notCommon' | 'notOneCharacter' | 'notTooLong';

const ruleOf: Record<PasswordProblem, PasswordRule> = {
  too_short: 'length',
  contains_email: 'notEmail',
  common: 'notCommon',
  one_character: 'notOneCharacter',
  too_long: 'notTooLong',
};

const problemCodes = new Set<string>(Object.keys(ruleOf));

export function passwordRuleStates(password: string, email: string): Array<{ rule: PasswordRule; met: boolean }> {
  const broken = new Set(passwordProblems(password, email).map((p) => ruleOf[p]));
  const rules: PasswordRule[] = ['length', 'notEmail', 'notCommon', 'notOneCharacter'];
  if (broken.has('notTooLong')) rules.push('notTooLong');
  return rules.map((rule) => ({ rule, met: password !== '' && !broken.has(rule) }));
}

/** What stops the form from being sent; empty when it may go to the server. */
export function passwordChangeErrors(input: PasswordChangeInput): PasswordChangeErrors {
  const errors: PasswordChangeErrors = {};
  if (input.currentPassword === '') errors.currentPassword = { code: 'required' };
  if (input.newPassword === '') errors.newPassword = { code: 'required' };
  else {
    const problems = passwordProblems(input.newPassword, input.email);
    if (problems.length > 0) errors.newPassword = { code: 'weak', problems };
  }
  if (input.repeat === '') errors.repeat = { code: 'required' };
  else if (input.newPassword !== '' && input.repeat !== input.newPassword) errors.repeat = { code: 'mismatch' };
  return errors;
}

/**
 * The server's answer to `POST /api/account/password` as field errors (`wrong_password`,
 * `weak_password`); null when the error belongs to no field and is shown as a general failure.
 */
export function passwordErrorsFromServer(code: string, fields: Record<string, string[]>): PasswordChangeErrors | null {
  if (code === 'wrong_password') return { currentPassword: { code: 'wrong' } };
  if (code === 'weak_password') {
    const problems = (fields.newPassword ?? []).filter((p): p is PasswordProblem => problemCodes.has(p));
    return { newPassword: { code: 'weak', problems } };
  }
  if (code === 'invalid_body') {
    const errors: PasswordChangeErrors = {};
    if (fields.currentPassword) errors.currentPassword = { code: 'required' };
    if (fields.newPassword) errors.newPassword = { code: 'required' };
    return Object.keys(errors).length > 0 ? errors : null;
  }
  return null;
}
