import { describe, expect, it } from 'vitest';
import { parseProfileField } from './profile-validation.ts';

describe('parseProfileField', () => {
  it('stores an IBAN without spaces, upper-case', () =>
    expect(parseProfileField('iban', 'de89 3704 0044 0532 0130 00')).toEqual({ ok: true, value: 'DE89370400440532013000' }));
  it('refuses an IBAN with a typo', () => expect(parseProfileField('iban', 'DE89370400440532013001')).toEqual({ ok: false, message: 'profile.errorIban' }));
  it('refuses a postal code that is not five digits', () => expect(parseProfileField('postalCode', '1011')).toEqual({ ok: false, message: 'profile.errorPostalCode' }));
  it('accepts clearing a field', () => expect(parseProfileField('taxId', '  ')).toEqual({ ok: true, value: '' }));
  it('keeps free text as typed', () => expect(parseProfileField('street', 'Am Markt ')).toEqual({ ok: true, value: 'Am Markt ' }));
});
