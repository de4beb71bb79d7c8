import { describe, expect, it } from 'vitest';
import { accountProblems, inSentence, passwordProblem, problemsFromServer, refusalProblem, type Refusal } from './account-rules.ts';

const refusal = (code: string, fields: Record<string, string[]> = {}, status = 400): Refusal => ({ status, code, message: 'server text', fields });

describe('accountProblems', () => {
  it('accepts a name, a valid email and at least one role', () => {
    expect(accountProblems({ name: ' Lena Neu ', email: 'lena@muster-gmbh.de', roles: ['employee'] })).toEqual({});
  });

  it('asks for a name, a valid email and a role', () => {
    expect(accountProblems({ name: '  ', email: 'lena@', roles: [] })).toEqual({
      name: { key: 'adminUsers.errorNameRequired' },
      email: { key: 'validation.email' },
      roles: { key: 'adminUsers.errorRolesRequired' },
    });
    expect(accountProblems({ name: 'x'.repeat(121), email: '', roles: ['admin'] })).toEqual({
      name: { key: 'validation.tooLong', params: { max: 120 } },
      email: { key: 'adminUsers.errorEmailRequired' },
    });
  });
});

describe('passwordProblem', () => {
  it('names the first rule a password breaks, as the server would', () => {
    expect(passwordProblem('', 'lena@muster-gmbh.de')).toEqual({ key: 'adminUsers.errorPasswordRequired' });
    expect(passwordProblem('kurz', '')).toEqual({ key: 'passwordPolicy.errorTooShort', params: { min: 10 } });
    expect(passwordProblem('lena.neu-2026!', 'lena.neu@muster-gmbh.de')).toEqual({ key: 'passwordPolicy.errorContainsEmail' });
    expect(passwordProblem('Fahrrad-Sonne-Ampel-7', 'lena.neu@muster-gmbh.de')).toBeNull();
  });
});

describe('problemsFromServer', () => {
  it('puts each refusal at its field', () => {
    expect(problemsFromServer(refusal('email_taken', { email: ['taken'] }, 409))).toEqual({ email: { key: 'adminUsers.errorEmailTaken' } });
    expect(problemsFromServer(refusal('weak_password', { password: ['common', 'too_short'] }))).toEqual({ password: { key: 'passwordPolicy.errorCommon' } });
    expect(problemsFromServer(refusal('unknown_role', { roles: ['lager'] }))).toEqual({ roles: { key: 'adminUsers.errorUnknownRole', params: { roles: 'lager' } } });
    expect(problemsFromServer(refusal('last_admin', {}, 409))).toEqual({ roles: { key: 'adminUsers.errorLastAdmin' } });
    expect(problemsFromServer(refusal('invalid_body', { email: ['Enter a valid email address.'], 'credential.password': ['Enter a password.'] }))).toEqual({
      email: { key: 'validation.email' },
      password: { key: 'adminUsers.errorPasswordRequired' },
    });
  });

  it('leaves failures that are not about the input to the caller', () => {
    expect(problemsFromServer(refusal('http_500', {}, 500))).toBeNull();
  });

  it('explains refused actions without a form', () => {
    expect(refusalProblem(refusal('self_deactivation', {}, 409))).toEqual({ key: 'adminUsers.errorSelfDeactivation' });
    expect(refusalProblem(refusal('last_admin', {}, 409))).toEqual({ key: 'adminUsers.errorLastAdmin' });
    expect(refusalProblem(refusal('network', {}, 0))).toEqual({ key: 'login.errorNetwork' });
    expect(refusalProblem(refusal('forbidden', {}, 403))).toEqual({ key: 'adminUsers.errorForbidden' });
  });

  it('explains refusals of the delegation rule instead of a generic 403', () => {
    expect(refusalProblem(refusal('account_outranks_you', { grants: ['*'] }, 403))).toEqual({ key: 'adminUsers.errorAccountLocked', params: { grants: '*' } });
    expect(problemsFromServer(refusal('own_roles', {}, 403))).toEqual({ roles: { key: 'adminUsers.ownRolesLocked' } });
    expect(problemsFromServer(refusal('grant_not_held', { grants: ['org.read', 'admin.roles'] }, 403))).toEqual({
      roles: { key: 'adminUsers.errorGrantNotHeld', params: { grants: 'org.read, admin.roles' } },
    });
  });
});

describe('inSentence', () => {
  it('drops the closing full stop of a server message placed inside a sentence', () => {
    expect(inSentence('Database unavailable. Try again in a minute.')).toBe('Database unavailable. Try again in a minute');
    expect(inSentence('no stop')).toBe('no stop');
  });
});
