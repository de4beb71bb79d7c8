// The security events the audit log records (besides doc changes, which come from the update log). The
// server writes them, the admin screen labels them — one list for both.
export const auditEventKinds = [
  'sign_in',
  'sign_in_failed',
  'sign_in_throttled',
  'sign_out',
  'user_created',
  'user_updated',
  'user_deactivated',
  'user_reactivated',
  'roles_changed',
  'password_changed',
  'password_reset',
  'password_link_created',
  'sessions_revoked',
  'session_revoked',
  'role_created',
  'role_updated',
  'role_deleted',
] as const;
export type AuditEventKind = (typeof auditEventKinds)[number];

/** Every kind an audit entry can have: the events, and `doc_changed` for a change to a doc. */
export type AuditKind = AuditEventKind | 'doc_changed';

/**
 * German names of the kinds: the admin screen's German catalogue and the server's CSV export (made for
 * German spreadsheets) both use these. Other languages live in the web app's catalogues.
 */
export const auditKindNamesDe: Record<AuditKind, string> = {
  sign_in: 'Anmeldung',
  sign_in_failed: 'Fehlgeschlagene Anmeldung',
  sign_in_throttled: 'Anmeldung gesperrt (zu viele Versuche)',
  sign_out: 'Abmeldung',
  user_created: 'Benutzer angelegt',
  user_updated: 'Benutzer geändert',
  user_deactivated: 'Benutzer deaktiviert',
  user_reactivated: 'Benutzer reaktiviert',
  roles_changed: 'Rollen geändert',
  password_changed: 'Passwort geändert',
  password_reset: 'Passwort zurückgesetzt',
  password_link_created: 'Link zum Passwort-Setzen erstellt',
  sessions_revoked: 'Auf allen Geräten abgemeldet',
  session_revoked: 'Gerät abgemeldet',
  role_created: 'Rolle angelegt',
  role_updated: 'Rolle geändert',
  role_deleted: 'Rolle gelöscht',
  doc_changed: 'Dokument geändert',
};
