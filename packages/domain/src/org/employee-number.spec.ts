import { describe, expect, it } from 'vitest';
import { formatEmployeeNumber, nextEmployeeNumber, parseEmployeeNumber } from './employee-number.ts';

describe('employee numbers', () => {
  it('formats with the MA- prefix and four digits', () => {
    expect(formatEmployeeNumber(7)).toBe('MA-0007');
    expect(formatEmployeeNumber(12345)).toBe('MA-12345');
  });
  it('parses only well-formed numbers', () => {
    expect(parseEmployeeNumber('MA-0042')).toBe(42);
    expect(parseEmployeeNumber('MA-42')).toBeNull();
    expect(parseEmployeeNumber('')).toBeNull();
  });
  it('continues after the highest number in use, ignoring gaps and junk', () => {
    expect(nextEmployeeNumber([])).toBe('MA-0001');
    expect(nextEmployeeNumber(['MA-0003', '', 'MA-0001', 'x'])).toBe('MA-0004');
  });
  it('refuses a non-positive number', () => {
    expect(() => formatEmployeeNumber(0)).toThrow(RangeError);
  });
});
