import { describe, expect, it } from 'vitest';
import { auditDetails, auditEventKinds, auditPageSchema, describeDoc, isKnownKind, peopleOf, type AuditEntry } from './audit-entry.ts';

const employeeId = '00000000-0000-4000-8000-000000000003';
const entry = (kind: string, details: Record<string, unknown> = {}) => ({ kind, details });

describe('auditEventKinds', () => {
  it('knows doc changes and nothing made up', () => {
    expect(isKnownKind('doc_changed')).toBe(true);
    expect(isKnownKind('coffee_made')).toBe(false);
  });
});

describe('describeDoc', () => {
  it('reads the directory', () => expect(describeDoc('org')).toEqual({ kind: 'org' }));
  it('reads an employee’s private details', () => expect(describeDoc(`profile/${employeeId}`)).toEqual({ kind: 'profile', employeeId }));
  it('keeps names it cannot read as they are', () => expect(describeDoc('invoices/2026')).toEqual({ kind: 'other', name: 'invoices/2026' }));
});

describe('auditDetails', () => {
  it('shows the email a failed sign-in tried', () =>
    expect(auditDetails(entry('sign_in_failed', { email: 'tobias@muster-gmbh.de' }))).toEqual([{ kind: 'email', email: 'tobias@muster-gmbh.de' }]));
  it('shows roles from → to', () =>
    expect(auditDetails(entry('roles_changed', { from: ['employee'], to: ['employee', 'teamlead'] }))).toEqual([
      { kind: 'rolesChanged', from: ['employee'], to: ['employee', 'teamlead'] },
    ]));
  it('shows the roles of a new account', () => expect(auditDetails(entry('user_created', { roles: ['hr'] }))).toEqual([{ kind: 'roles', roles: ['hr'] }]));
  it('shows which account fields changed', () =>
    expect(auditDetails(entry('user_updated', { fields: ['name', 'email'] }))).toEqual([{ kind: 'fields', fields: ['name', 'email'] }]));
  it('shows how many times a refused sign-in was tried in its minute', () => {
    expect(auditDetails(entry('sign_in_throttled', { email: 'a@b.de', attempts: 46 }))).toEqual([{ kind: 'email', email: 'a@b.de' }, { kind: 'attempts', count: 46 }]);
    expect(auditDetails(entry('sign_in_throttled', { email: 'a@b.de', attempts: 1 }))).toEqual([{ kind: 'email', email: 'a@b.de' }]);
  });
  it('shows how many sessions an administrator ended', () => expect(auditDetails(entry('sessions_revoked', { sessions: 3 }))).toEqual([{ kind: 'sessions', count: 3 }]));
  it('says when a password was set through a link', () => {
    expect(auditDetails(entry('password_changed', { via: 'link' }))).toEqual([{ kind: 'viaLink' }]);
    expect(auditDetails(entry('password_changed'))).toEqual([]);
  });
  it('shows a role’s added and removed permissions', () =>
    expect(auditDetails(entry('role_updated', { role: 'lager', from: ['org.read', 'crm.read'], to: ['org.read', 'org.write'] }))).toEqual([
      { kind: 'role', role: 'lager' },
      { kind: 'permissionsChanged', added: ['org.write'], removed: ['crm.read'] },
    ]));
  it('shows a created role and how many permissions it got', () =>
    expect(auditDetails(entry('role_created', { role: 'lager', permissions: ['org.read', 'org.write'] }))).toEqual([
      { kind: 'role', role: 'lager' },
      { kind: 'permissionCount', count: 2 },
    ]));
  it('shows the size of a doc change', () => expect(auditDetails(entry('doc_changed', { bytes: 312 }))).toEqual([{ kind: 'size', bytes: 312 }]));
  it('leaves out details of the wrong shape', () => {
    expect(auditDetails(entry('roles_changed', { from: 'employee', to: ['hr'] }))).toEqual([]);
    expect(auditDetails(entry('sign_in_failed', { email: 42 }))).toEqual([]);
  });
});

describe('auditPageSchema', () => {
  it('accepts the server’s page and refuses a broken one', () => {
    const page = {
      entries: [{ id: 'e1', at: '2026-03-01T08:00:00.000Z', kind: 'sign_in', user: null, subject: null, doc: null, ip: '127.0.0.1', details: {} }],
      next: null,
    };
    expect(auditPageSchema.safeParse(page).success).toBe(true);
    expect(auditPageSchema.safeParse({ entries: [{ id: 1 }], next: null }).success).toBe(false);
  });
});

describe('peopleOf', () => {
  it('collects the actors and affected accounts by id', () => {
    const anna = { id: 'u1', name: 'Anna Admin', email: 'admin@muster-gmbh.de' };
    const tobias = { id: 'u2', name: 'Tobias Wagner', email: 'teamleitung@muster-gmbh.de' };
    const base = { at: '', doc: null, ip: '', details: {} };
    const entries: AuditEntry[] = [
      { ...base, id: 'e2', kind: 'roles_changed', user: anna, subject: tobias },
      { ...base, id: 'e1', kind: 'sign_in', user: anna, subject: null },
    ];
    expect([...peopleOf(entries).values()]).toEqual([anna, tobias]);
  });
});
