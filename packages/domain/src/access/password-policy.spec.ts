import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

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
