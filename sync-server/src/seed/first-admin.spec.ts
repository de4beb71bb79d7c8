import { describe, expect, it } from 'vitest';
import { firstAdminProblems } from './first-admin.ts';

const good = { email: 'it@firma-beispiel.de', name: 'Eva Schulz', password: 'Leuchtturm-Brise-Helgoland-9' };

describe('firstAdminProblems', () => {
  it('accepts a real email, a name and a strong password', () => {
    expect(firstAdminProblems(good)).toEqual([]);
  });

  it('says what to fix for each bad detail, naming the flag', () => {
    const problems = firstAdminProblems({ email: 'it-firma', name: '  ', password: 'kurz' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('--email');
    expect(problems[1]).toContain('--name');
    expect(problems[2]).toContain('at least 10 characters');
  });

  it('refuses a password that contains the email', () => {
    expect(firstAdminProblems({ ...good, password: `${good.email}-2026` }).join(' ')).toContain('email address');
  });
});
