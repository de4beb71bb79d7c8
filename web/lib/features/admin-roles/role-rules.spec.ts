import { describe, expect, it } from 'vitest';
import { holdersOf, roleProblems } from './role-rules.ts';

const roles = [
  { key: 'admin', name: 'Admin' },
  { key: 'lager', name: 'Lager' },
];
const draft = (name: string, permissions: string[] = [], description = '') => ({ name, description, permissions });

describe('roleProblems', () => {
  it('requires a name', () => expect(roleProblems(draft('  '), roles, null)).toEqual([{ field: 'name', code: 'required' }]));
  it('refuses a second role of the same name, ignoring case', () =>
    expect(roleProblems(draft(' lager '), roles, null)).toEqual([{ field: 'name', code: 'taken' }]));
  it('lets a role keep its own name', () => expect(roleProblems(draft('Lager'), roles, 'lager')).toEqual([]));
  it('limits name and description as the server does', () =>
    expect(roleProblems(draft('x'.repeat(81), [], 'y'.repeat(301)), roles, null)).toEqual([
      { field: 'name', code: 'too_long', max: 80 },
      { field: 'description', code: 'too_long', max: 300 },
    ]));
  it('names each grant the catalogue does not know', () =>
    expect(roleProblems(draft('Versand', ['org.read', 'rockets.launch', 'invoices.issue@own']), roles, null)).toEqual([
      { field: 'permissions', code: 'invalid_grant', grant: 'rockets.launch' },
      { field: 'permissions', code: 'invalid_grant', grant: 'invoices.issue@own' },
    ]));
});

describe('holdersOf', () => {
  it('lists who holds the role, active accounts first', () => {
    const accounts = [
      { name: 'Zoe', roles: ['lager'], active: true },
      { name: 'Anna', roles: ['admin'], active: true },
      { name: 'Bernd', roles: ['lager', 'admin'], active: false },
      { name: 'Ärne', roles: ['lager'], active: true },
    ];
    expect(holdersOf('lager', accounts).map((a) => a.name)).toEqual(['Ärne', 'Zoe', 'Bernd']);
  });
});
