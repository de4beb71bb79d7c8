// What an account form must hold before it is sent, and where the server's refusals belong in it. Pure:
// the form shows the message keys; the server checks the same rules again (admin-users.ts, auth.ts).
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, isPasswordProblem, passwordProblems, type PasswordProblem } from '@workmate/domain/access';
import type { MessageKey, MessageParams } from '$lib/i18n/translate.ts';

export const NAME_MAX = 120;
export const EMAIL_MAX = 320;

export type AccountField = 'name' | 'email' | 'roles' | 'employeeId' | 'password' | 'form';
export type Problem = { key: MessageKey; params?: MessageParams };
export type Problems = Partial<Record<AccountField, Problem>>;

export type AccountDraft = { name: string; email: string; roles: readonly string[] };

const emailSchema = z.email();

/** A server message inside one of our sentences: without its closing full stop. */
export const inSentence = (message: string) => message.trim().replace(/[.!]+$/, '');

/** Problems of the name, email and roles as typed; empty when the draft may be sent. */
export function accountProblems(draft: AccountDraft): Problems {
  const problems: Problems = {};
  const name = draft.name.trim();
  const email = draft.email.trim();
  if (name === '') problems.name = { key: 'adminUsers.errorNameRequired' };
  else if (name.length > NAME_MAX) problems.name = { key: 'validation.tooLong', params: { max: NAME_MAX } };
  if (email === '') problems.email = { key: 'adminUsers.errorEmailRequired' };
  else if (email.length > EMAIL_MAX) problems.email = { key: 'validation.tooLong', params: { max: EMAIL_MAX } };
  else if (!emailSchema.safeParse(email).success) problems.email = { key: 'validation.email' };
  if (draft.roles.length === 0) problems.roles = { key: 'adminUsers.errorRolesRequired' };
  return problems;
}

const passwordMessages: Record<PasswordProblem, Problem> = {
  too_short: { key: 'passwordPolicy.errorTooShort', params: { min: PASSWORD_MIN_LENGTH } },
  too_long: { key: 'passwordPolicy.errorTooLong', params: { max: PASSWORD_MAX_LENGTH } },
  contains_email: { key: 'passwordPolicy.errorContainsEmail' },
  common: { key: 'passwordPolicy.errorCommon' },
  one_character: { key: 'passwordPolicy.errorOneCharacter' },
};

/** The first thing wrong with a password, or null. `email` may be '' when the page does not know it. */
export function passwordProblem(password: string, email: string): Problem | null {
  if (password === '') return { key: 'adminUsers.errorPasswordRequired' };
  const first = passwordProblems(password, email)[0];
  return first ? passwordMessages[first] : null;
}

/** The shape of an ApiError the mapping needs (kept structural so this module stays free of I/O). */
export type Refusal = { status: number; code: string; message: string; fields: Record<string, string[]> };

/**
 * Where the server's refusal belongs in an account form: at a field, or above the form. Null when it is
 * not about the input (network, server error) — the caller reports it the usual way.
 */
export function problemsFromServer(error: Refusal): Problems | null {
  switch (error.code) {
    case 'email_taken':
      return { email: { key: 'adminUsers.errorEmailTaken' } };
    case 'unknown_role':
      return { roles: { key: 'adminUsers.errorUnknownRole', params: { roles: (error.fields.roles ?? []).join(', ') } } };
    case 'last_admin':
      return { roles: { key: 'adminUsers.errorLastAdmin' } };
    case 'self_deactivation':
      return { form: { key: 'adminUsers.errorSelfDeactivation' } };
    case 'own_roles':
      return { roles: { key: 'adminUsers.ownRolesLocked' } };
    case 'grant_not_held':
      return { roles: { key: 'adminUsers.errorGrantNotHeld', params: { grants: (error.fields.grants ?? []).join(', ') } } };
    case 'link_not_held':
      return { employeeId: { key: 'adminUsers.errorLinkNotHeld', params: { grants: (error.fields.grants ?? []).join(', ') } } };
    case 'account_outranks_you':
      return { form: { key: 'adminUsers.errorAccountLocked', params: { grants: (error.fields.grants ?? []).join(', ') } } };
    case 'not_found':
      return { form: { key: 'adminUsers.errorNotFound' } };
    case 'weak_password': {
      const first = (error.fields.password ?? []).find(isPasswordProblem);
      return { password: first ? passwordMessages[first] : { key: 'passwordPolicy.errorWeak' } };
    }
    case 'invalid_body':
      return invalidBodyProblems(error);
    default:
      return null;
  }
}

function invalidBodyProblems(error: Refusal): Problems {
  const problems: Problems = {};
  for (const field of Object.keys(error.fields)) {
    if (field === 'name') problems.name = { key: 'adminUsers.errorNameRequired' };
    else if (field === 'email') problems.email = { key: 'validation.email' };
    else if (field === 'roles' || field.startsWith('roles.')) problems.roles = { key: 'adminUsers.errorRolesRequired' };
    else if (field === 'employeeId') problems.employeeId = { key: 'adminUsers.errorEmployee' };
    else if (field === 'password' || field.startsWith('credential')) problems.password = { key: 'adminUsers.errorPasswordRequired' };
  }
  if (Object.keys(problems).length === 0) problems.form = { key: 'adminUsers.errorInvalid', params: { message: inSentence(error.message) } };
  return problems;
}

/** A refusal of an action without a form (deactivate, sign out everywhere): the message to show. */
export function refusalProblem(error: Refusal): Problem {
  if (error.status === 0) return { key: 'login.errorNetwork' };
  const problems = problemsFromServer(error);
  const first = problems && (problems.form ?? problems.roles ?? Object.values(problems)[0]);
  if (first) return first;
  if (error.status === 403) return { key: 'adminUsers.errorForbidden' };
  return { key: 'errors.unexpected', params: { message: inSentence(error.message) } };
}
