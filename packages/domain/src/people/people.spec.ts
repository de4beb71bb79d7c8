import { describe, expect, it } from 'vitest';
import { formatIban, ibanFromBban, isValidIban } from './iban.ts';
import { isValidTaxId } from './tax-id.ts';

describe('isValidIban', () => {
  it('accepts a correct German IBAN, with or without spaces', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('de89 3704 0044 0532 0130 00')).toBe(true);
  });
  it('refuses a typo (one digit changed)', () => expect(isValidIban('DE89370400440532013001')).toBe(false));
  it('refuses a German IBAN of the wrong length', () => expect(isValidIban('DE8937040044053201300')).toBe(false));
  it('builds the IBAN of a German account', () => expect(ibanFromBban('DE', '370400440532013000')).toBe('DE89370400440532013000'));
  it('formats in groups of four', () => expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00'));
});

describe('isValidTaxId', () => {
  it('accepts a number with a correct check digit', () => expect(isValidTaxId('86095742719')).toBe(true));
  it('refuses a wrong check digit', () => expect(isValidTaxId('86095742718')).toBe(false));
  it('refuses a leading zero or a wrong length', () => {
    expect(isValidTaxId('06095742719')).toBe(false);
    expect(isValidTaxId('8609574271')).toBe(false);
  });
});
