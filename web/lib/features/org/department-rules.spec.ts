import { describe, expect, it } from 'vitest';
import { departmentProblems, membersBlockingDeletion } from './department-rules.ts';

const existing = [{ id: 'd1', name: 'Vertrieb', description: '', createdAt: '' }];

describe('departmentProblems', () => {
  it('requires a name', () => expect(departmentProblems({ name: '  ', description: '' }, existing)).toEqual([{ field: 'name', code: 'required' }]));
  it('refuses a second department of the same name, ignoring case', () =>
    expect(departmentProblems({ name: 'vertrieb ', description: '' }, existing)).toEqual([{ field: 'name', code: 'taken' }]));
  it('lets a department keep its own name when renamed', () =>
    expect(departmentProblems({ name: 'Vertrieb', description: 'neu' }, existing, 'd1')).toEqual([]));
  it('limits the description', () =>
    expect(departmentProblems({ name: 'Lager', description: 'x'.repeat(501) }, existing)).toEqual([{ field: 'description', code: 'too_long', max: 500 }]));
});

describe('membersBlockingDeletion', () => {
  it('counts the people still in the department', () =>
    expect(membersBlockingDeletion('d1', [{ departmentId: 'd1' }, { departmentId: 'd2' }, { departmentId: 'd1' }])).toBe(2));
});
