import { describe, expect, it } from 'vitest';
import { employeeNumberChanges, formatEmployeeNumber, nextEmployeeNumber, parseEmployeeNumber } from './employee-number.ts';

describe('employee numbers', () => {
  it('formats with the MA- prefix and four digits', () => {
    expect(formatEmployeeNumber(7)).toBe('MA-0007');
    expect(formatEmployeeNumber(12345)).toBe('MA-12345');
  });
  it('parses only well-formed numbers', () => {
    expect(parseEmployeeNumber('MA-0042')).toBe(42);
    expect(parseEmployeeNumber('MA-42')).toBeNull();
    expect(parseEmployeeNumber('')).toBeNull();
    // Beyond exact integers: a device could write it, and counting on from it would throw.
    expect(parseEmployeeNumber('MA-' + '9'.repeat(400))).toBeNull();
  });
  it('continues after the highest number in use, ignoring gaps and junk', () => {
    expect(nextEmployeeNumber([])).toBe('MA-0001');
    expect(nextEmployeeNumber(['MA-0003', '', 'MA-0001', 'x'])).toBe('MA-0004');
  });
  it('refuses a non-positive number', () => {
    expect(() => formatEmployeeNumber(0)).toThrow(RangeError);
  });
});

describe('employee number changes', () => {
  const rec = (id: string, number: string, createdAt: string) => ({ id, number, createdAt });

  it('numbers records without a number after the highest one, in creation order', () => {
    const records = [rec('a', 'MA-0001', '2026-01-01'), rec('c', '', '2026-01-03'), rec('b', '', '2026-01-02')];
    expect(employeeNumberChanges(records)).toEqual([
      { id: 'b', number: 'MA-0002' },
      { id: 'c', number: 'MA-0003' },
    ]);
  });

  it('leaves unique numbers alone, gaps included', () => {
    expect(employeeNumberChanges([rec('a', 'MA-0001', '1'), rec('b', 'MA-0003', '2')])).toEqual([]);
  });

  it('lets the first created keep a shared number and gives the others the lowest unused ones', () => {
    // After a crash: 2 was handed out twice, 3 lost to a concurrent assignment of the same record.
    const records = [rec('a', 'MA-0001', '1'), rec('x', 'MA-0002', '3'), rec('y', 'MA-0002', '2'), rec('z', 'MA-0004', '4'), rec('n', '', '5')];
    expect(employeeNumberChanges(records)).toEqual([
      { id: 'x', number: 'MA-0003' },
      { id: 'n', number: 'MA-0005' },
    ]);
  });

  it('ignores a number too large to count on from, instead of throwing', () => {
    const records = [rec('a', 'MA-0001', '1'), rec('huge', 'MA-' + '9'.repeat(400), '2'), rec('n', '', '3')];
    expect(employeeNumberChanges(records)).toEqual([{ id: 'n', number: 'MA-0002' }]);
  });
});
