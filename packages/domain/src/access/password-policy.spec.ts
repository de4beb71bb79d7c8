import { describe, expect, it } from 'vitest';
import { isPasswordProblem, passwordChecklist, passwordProblems } from './password-policy.ts';

const email = 'petra.schulz@muster-gmbh.de';

describe('passwordProblems', () => {
  it('accepts a long, personal passphrase', () => expect(passwordProblems('Kaffee-mit-Hafermilch', email)).toEqual([]));
  it('refuses fewer than 10 characters', () => expect(passwordProblems('Kurz-123', email)).toContain('too_short'));
  it('refuses the email address or its name part', () => {
    expect(passwordProblems(email, email)).toContain('contains_email');
    expect(passwordProblems('petra.schulz2026', email)).toContain('contains_email');
  });
  it('refuses common passwords, also with digits appended', () => {
    expect(passwordProblems('passwort123', email)).toContain('common');
    expect(passwordProblems('Sommer2024!', email)).toContain('common');
  });
  it('refuses a single repeated character', () => expect(passwordProblems('aaaaaaaaaaaa', email)).toContain('one_character'));
});

describe('passwordChecklist', () => {
  it('shows every rule as not yet met while the password is empty', () =>
    expect(passwordChecklist('', email)).toEqual([
      { rule: 'too_short', met: false },
      { rule: 'contains_email', met: false },
      { rule: 'common', met: false },
      { rule: 'one_character', met: false },
    ]));
  it('ticks every rule a good passphrase meets', () => expect(passwordChecklist('Kaffee-mit-Hafermilch', email).every((r) => r.met)).toBe(true));
  it('flags a short password and nothing else', () =>
    expect(passwordChecklist('Zaun-42', email).filter((r) => !r.met).map((r) => r.rule)).toEqual(['too_short']));
  it('flags a password built on the email name', () =>
    expect(passwordChecklist('petra.schulz2026', email).find((r) => r.rule === 'contains_email')?.met).toBe(false));
  it('flags a common password and a single repeated character', () => {
    expect(passwordChecklist('passwort123', email).find((r) => r.rule === 'common')?.met).toBe(false);
    expect(passwordChecklist('aaaaaaaaaaaa', email).find((r) => r.rule === 'one_character')?.met).toBe(false);
  });
  it('leaves out the email rule when the email is unknown', () =>
    expect(passwordChecklist('', '').map((r) => r.rule)).toEqual(['too_short', 'common', 'one_character']));
  it('adds the length limit only once it is exceeded', () => {
    expect(passwordChecklist('Kaffee-mit-Hafermilch', email).some((r) => r.rule === 'too_long')).toBe(false);
    expect(passwordChecklist('Kaffee-mit-'.repeat(30), email).at(-1)).toEqual({ rule: 'too_long', met: false });
  });
});

describe('isPasswordProblem', () => {
  it('knows the policy codes and nothing else', () => {
    expect(isPasswordProblem('common')).toBe(true);
    expect(isPasswordProblem('something_new')).toBe(false);
  });
});
