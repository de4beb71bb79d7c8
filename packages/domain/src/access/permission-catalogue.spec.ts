import { describe, expect, it } from 'vitest';
import { defaultRoles } from './default-roles.ts';
import { grantProblem } from './permission-catalogue.ts';

describe('grantProblem', () => {
  it('accepts catalogued permissions, area wildcards and *', () => {
    for (const grant of ['org.read', 'invoices.*', '*', 'time.write@own', 'leave.approve@department']) expect(grantProblem(grant)).toBeNull();
  });
  it('refuses a permission nobody knows', () => expect(grantProblem('rockets.launch')).toMatch(/names no known permission/));
  it('refuses a scope the permission does not have', () => expect(grantProblem('invoices.issue@own')).toMatch(/cannot be limited to @own/));
  it('refuses a scoped wildcard that would give a permission a scope it does not have', () => {
    expect(grantProblem('time.*@own')).toMatch(/cannot be limited to @own/);
    expect(grantProblem('*@own')).toMatch(/cannot be limited to @own/);
    expect(grantProblem('people.private.*@own')).toBeNull();
  });
  it('refuses malformed text', () => expect(grantProblem('org read')).toMatch(/is not a permission/));
  it('finds nothing wrong with the default roles', () => {
    for (const role of defaultRoles) for (const grant of role.permissions) expect(grantProblem(grant), `${role.key}: ${grant}`).toBeNull();
  });
});
