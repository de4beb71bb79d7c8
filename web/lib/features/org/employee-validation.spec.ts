import { describe, expect, it } from 'vitest';
import { exitBeforeHire, parseEmployeeField } from './employee-validation.ts';

describe('parseEmployeeField', () => {
  it('keeps typed text as is, trailing space included', () =>
    expect(parseEmployeeField('firstName', 'Anna ')).toEqual({ ok: true, value: 'Anna ' }));
  it('refuses an incomplete email address', () =>
    expect(parseEmployeeField('email', 'max@')).toEqual({ ok: false, message: { key: 'validation.email' } }));
  it('accepts an empty email address', () => expect(parseEmployeeField('email', '')).toEqual({ ok: true, value: '' }));
  it('reads German decimal commas in weekly hours', () =>
    expect(parseEmployeeField('weeklyHours', '38,5')).toEqual({ ok: true, value: 38.5 }));
  it('refuses more than 60 weekly hours', () => expect(parseEmployeeField('weeklyHours', '61').ok).toBe(false));
  it('refuses a name longer than 100 characters', () =>
    expect(parseEmployeeField('lastName', 'x'.repeat(101))).toEqual({ ok: false, message: { key: 'validation.tooLong', params: { max: 100 } } }));
});

describe('exitBeforeHire', () => {
  it('flags an exit before the hire date', () => expect(exitBeforeHire({ hireDate: '2024-05-01', exitDate: '2024-04-30' })).toBe(true));
  it('ignores a missing exit date', () => expect(exitBeforeHire({ hireDate: '2024-05-01', exitDate: '' })).toBe(false));
});
