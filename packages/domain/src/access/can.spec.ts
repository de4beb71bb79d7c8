import { describe, expect, it } from 'vitest';
import { can } from './can.ts';

const employee = { permissions: ['time.write@own', 'org.read'], employeeId: 'e1' };
const lead = { permissions: ['leave.approve@department'], employeeId: 'e9', departmentIds: ['d1'] };

describe('can', () => {
  it('lets an unscoped grant act on any record', () => expect(can(employee, 'org.read', { ownerEmployeeId: 'e2' })).toBe(true));
  it('lets an employee write their own time entries', () => expect(can(employee, 'time.write', { ownerEmployeeId: 'e1' })).toBe(true));
  it('refuses an employee a colleague’s time entries', () => expect(can(employee, 'time.write', { ownerEmployeeId: 'e2' })).toBe(false));
  it('refuses an own-scoped grant when the record names no owner', () => expect(can(employee, 'time.write')).toBe(false));
  it('refuses an own-scoped grant to an account linked to no employee', () =>
    expect(can({ permissions: ['time.write@own'], employeeId: null }, 'time.write', { ownerEmployeeId: null })).toBe(false));
  it('lets a team lead approve leave in their department only', () => {
    expect(can(lead, 'leave.approve', { ownerEmployeeId: 'e3', departmentId: 'd1' })).toBe(true);
    expect(can(lead, 'leave.approve', { ownerEmployeeId: 'e4', departmentId: 'd2' })).toBe(false);
  });
  it('ignores malformed grants', () => expect(can({ permissions: ['org.read@team'], employeeId: 'e1' }, 'org.read')).toBe(false));
});
