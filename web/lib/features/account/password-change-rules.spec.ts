import { describe, expect, it } from 'vitest';
import { passwordChangeErrors, passwordErrorsFromServer } from './password-change-rules.ts';

const email = 'tobias.wagner@muster-gmbh.de';

describe('passwordChangeErrors', () => {
  const valid = { currentPassword: 'Muster-Demo-2026', newPassword: 'Gartenzaun-Blau-42', repeat: 'Gartenzaun-Blau-42', email };

  it('lets a complete, strong, repeated password through', () => expect(passwordChangeErrors(valid)).toEqual({}));
  it('asks for every empty field', () =>
    expect(passwordChangeErrors({ ...valid, currentPassword: '', newPassword: '', repeat: '' })).toEqual({
      currentPassword: { code: 'required' },
      newPassword: { code: 'required' },
      repeat: { code: 'required' },
    }));
  it('refuses a weak new password with the reasons', () =>
    expect(passwordChangeErrors({ ...valid, newPassword: 'kurz', repeat: 'kurz' }).newPassword).toEqual({ code: 'weak', problems: ['too_short'] }));
  it('refuses a repeat that differs', () => expect(passwordChangeErrors({ ...valid, repeat: 'Gartenzaun-Blau-43' })).toEqual({ repeat: { code: 'mismatch' } }));
});

describe('passwordErrorsFromServer', () => {
  it('puts a wrong current password at the current password', () =>
    expect(passwordErrorsFromServer('wrong_password', { currentPassword: ['wrong'] })).toEqual({ currentPassword: { code: 'wrong' } }));
  it('puts the policy problems at the new password, dropping codes it does not know', () =>
    expect(passwordErrorsFromServer('weak_password', { newPassword: ['common', 'something_new'] })).toEqual({
      newPassword: { code: 'weak', problems: ['common'] },
    }));
  it('leaves other failures to the general error', () => expect(passwordErrorsFromServer('http_500', {})).toBeNull());
});
