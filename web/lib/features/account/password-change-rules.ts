// The password change form's rules: the checks before sending (the same policy the server applies, from
// @workmate/domain/access) and the server's refusals mapped back onto the fields they concern.
import { isPasswordProblem, passwordProblems, type PasswordProblem } from '@workmate/domain/access';

export type PasswordField = 'currentPassword' | 'newPassword' | 'repeat';

export type PasswordFieldError =
  | { code: 'required' }
  | { code: 'wrong' }
  | { code: 'mismatch' }
  | { code: 'weak'; problems: PasswordProblem[] };

export type PasswordChangeErrors = Partial<Record<PasswordField, PasswordFieldError>>;

export type PasswordChangeInput = { currentPassword: string; newPassword: string; repeat: string; email: string };

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
    const problems = (fields.newPassword ?? []).filter(isPasswordProblem);
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
