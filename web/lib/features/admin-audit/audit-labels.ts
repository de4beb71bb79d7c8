// An audit entry in the words of the current language: the event, its colour, the doc ("Verzeichnis",
// "Private Angaben von …"), the details, and the moment to the second.
import { roleLabel } from '$lib/features/account/role-label.ts';
import { formatIsoDate } from '$lib/i18n/format.ts';
import { intlLocale, locale } from '$lib/i18n/locale.svelte.ts';
import { t, type MessageKey } from '$lib/i18n/translate.ts';
import { auditDetails, describeDoc, isKnownKind, type AuditEntry, type AuditKind } from './audit-entry.ts';
import type { AuditFilter } from './audit-filter.ts';

const kindKeys: Record<AuditKind, MessageKey> = {
  sign_in: 'audit.kind.sign_in',
  sign_in_failed: 'audit.kind.sign_in_failed',
  sign_in_throttled: 'audit.kind.sign_in_throttled',
  sign_out: 'audit.kind.sign_out',
  user_created: 'audit.kind.user_created',
  user_updated: 'audit.kind.user_updated',
  user_deactivated: 'audit.kind.user_deactivated',
  user_reactivated: 'audit.kind.user_reactivated',
  roles_changed: 'audit.kind.roles_changed',
  password_changed: 'audit.kind.password_changed',
  password_reset: 'audit.kind.password_reset',
  password_link_created: 'audit.kind.password_link_created',
  sessions_revoked: 'audit.kind.sessions_revoked',
  session_revoked: 'audit.kind.session_revoked',
  role_created: 'audit.kind.role_created',
  role_updated: 'audit.kind.role_updated',
  role_deleted: 'audit.kind.role_deleted',
  doc_changed: 'audit.kind.doc_changed',
};

export type EventTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

const tones: Partial<Record<AuditKind, EventTone>> = {
  sign_in: 'success',
  sign_in_failed: 'danger',
  sign_in_throttled: 'danger',
  user_deactivated: 'warning',
  password_reset: 'warning',
  sessions_revoked: 'warning',
  session_revoked: 'warning',
  role_deleted: 'warning',
  doc_changed: 'info',
};

export function eventLabel(kind: string): string {
  return isKnownKind(kind) ? t(kindKeys[kind]) : t('audit.kindUnknown', { kind });
}

export function eventTone(kind: string): EventTone {
  return (isKnownKind(kind) && tones[kind]) || 'neutral';
}

/** The doc in words; an employee's private details are named after them when the directory knows them. */
export function docLabel(doc: string, employeeNames: ReadonlyMap<string, string>): string {
  const described = describeDoc(doc);
  switch (described.kind) {
    case 'org':
      return t('audit.docOrg');
    case 'profile': {
      const name = employeeNames.get(described.employeeId);
      return name ? t('audit.docProfileOf', { name }) : t('audit.docProfileUnknown');
    }
    case 'other':
      return described.name;
  }
}

const fieldKeys: Record<string, MessageKey> = { name: 'audit.field.name', email: 'audit.field.email', employeeId: 'audit.field.employeeId' };

/** The entry's details, one line each. */
export function detailTexts(entry: Pick<AuditEntry, 'kind' | 'details'>, roleNames: ReadonlyMap<string, string>): string[] {
  const roles = (keys: string[]) => (keys.length > 0 ? keys.map((key) => roleLabel(key, roleNames)).join(', ') : t('audit.detailNoRoles'));
  return auditDetails(entry).flatMap((detail): string[] => {
    switch (detail.kind) {
      case 'email':
        return [t('audit.detailEmail', { email: detail.email })];
      case 'roles':
        return [t('audit.detailRoles', { roles: roles(detail.roles) })];
      case 'rolesChanged':
        return [t('audit.detailRolesChanged', { from: roles(detail.from), to: roles(detail.to) })];
      case 'fields':
        return [t('audit.detailFields', { fields: detail.fields.map((f) => (fieldKeys[f] ? t(fieldKeys[f]) : f)).join(', ') })];
      case 'sessions':
        return [t('audit.detailSessions', { count: detail.count })];
      case 'attempts':
        return [t('audit.detailAttempts', { count: detail.count })];
      case 'viaLink':
        return [t('audit.detailViaLink')];
      case 'role':
        return [t('audit.detailRole', { role: roleLabel(detail.role, roleNames) })];
      case 'permissionCount':
        return [t('audit.detailPermissionCount', { count: detail.count })];
      case 'permissionsChanged':
        return [
          ...(detail.added.length > 0 ? [t('audit.detailPermissionsAdded', { permissions: detail.added.join(', ') })] : []),
          ...(detail.removed.length > 0 ? [t('audit.detailPermissionsRemoved', { permissions: detail.removed.join(', ') })] : []),
        ];
      case 'size':
        return [t('audit.detailSize', { bytes: detail.bytes })];
    }
  });
}

/** "12.03.2026, 14:05:09": an audit trail wants the second. */
export function formatAuditTime(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(intlLocale[locale.current], { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** "Zeitraum: 01.03.2026 – 31.03.2026" in German, whatever format the browser's date inputs use; '' without a period. */
export function periodText(filter: AuditFilter): string {
  const from = filter.from ? formatIsoDate(filter.from, 'short') : '';
  const to = filter.to ? formatIsoDate(filter.to, 'short') : '';
  if (from && to) return t('audit.period', { from, to });
  return from ? t('audit.periodFrom', { from }) : to ? t('audit.periodTo', { to }) : '';
}
