// Which message names each area, permission and reach of the permission catalogue in the roles editor.
// Plain data (the texts live in the i18n catalogues), so a spec can check that nothing is missing.
import type { MessageKey } from '$lib/i18n/translate.ts';
import type { Reach } from './grant-editor.ts';

export const areaLabels: Readonly<Record<string, { label: MessageKey; hint: MessageKey }>> = {
  org: { label: 'roles.area.org', hint: 'roles.areaHint.org' },
  people: { label: 'roles.area.people', hint: 'roles.areaHint.people' },
  crm: { label: 'roles.area.crm', hint: 'roles.areaHint.crm' },
  invoices: { label: 'roles.area.invoices', hint: 'roles.areaHint.invoices' },
  payments: { label: 'roles.area.payments', hint: 'roles.areaHint.payments' },
  exports: { label: 'roles.area.exports', hint: 'roles.areaHint.exports' },
  time: { label: 'roles.area.time', hint: 'roles.areaHint.time' },
  leave: { label: 'roles.area.leave', hint: 'roles.areaHint.leave' },
  hr: { label: 'roles.area.hr', hint: 'roles.areaHint.hr' },
  applicants: { label: 'roles.area.applicants', hint: 'roles.areaHint.applicants' },
  calendar: { label: 'roles.area.calendar', hint: 'roles.areaHint.calendar' },
  admin: { label: 'roles.area.admin', hint: 'roles.areaHint.admin' },
};

export const permissionLabels: Readonly<Record<string, { label: MessageKey; hint?: MessageKey }>> = {
  'org.read': { label: 'roles.perm.org.read' },
  'org.write': { label: 'roles.perm.org.write' },
  'people.private.read': { label: 'roles.perm.people.private.read' },
  'people.private.write': { label: 'roles.perm.people.private.write' },
  'crm.read': { label: 'roles.perm.crm.read' },
  'crm.write': { label: 'roles.perm.crm.write' },
  'invoices.read': { label: 'roles.perm.invoices.read' },
  'invoices.write': { label: 'roles.perm.invoices.write' },
  'invoices.issue': { label: 'roles.perm.invoices.issue', hint: 'roles.permHint.invoices.issue' },
  'payments.read': { label: 'roles.perm.payments.read' },
  'payments.write': { label: 'roles.perm.payments.write' },
  'exports.run': { label: 'roles.perm.exports.run' },
  'time.read': { label: 'roles.perm.time.read' },
  'time.write': { label: 'roles.perm.time.write' },
  'time.approve': { label: 'roles.perm.time.approve' },
  'leave.read': { label: 'roles.perm.leave.read' },
  'leave.request': { label: 'roles.perm.leave.request' },
  'leave.approve': { label: 'roles.perm.leave.approve' },
  'hr.sick.read': { label: 'roles.perm.hr.sick.read' },
  'hr.sick.write': { label: 'roles.perm.hr.sick.write' },
  'applicants.read': { label: 'roles.perm.applicants.read' },
  'applicants.write': { label: 'roles.perm.applicants.write' },
  'calendar.read': { label: 'roles.perm.calendar.read' },
  'calendar.write': { label: 'roles.perm.calendar.write' },
  'admin.users': { label: 'roles.perm.admin.users', hint: 'roles.permHint.admin.users' },
  'admin.roles': { label: 'roles.perm.admin.roles', hint: 'roles.permHint.admin.roles' },
  'admin.audit': { label: 'roles.perm.admin.audit', hint: 'roles.permHint.admin.audit' },
};

export const reachLabels: Readonly<Record<Exclude<Reach, 'none'>, MessageKey>> = {
  all: 'roles.scopeAll',
  own: 'roles.scopeOwn',
  department: 'roles.scopeDepartment',
  ownAndDepartment: 'roles.scopeOwnAndDepartment',
};
