// The roles a new company starts with. Admins may change them; `admin` itself always keeps `*`.
export type RoleDefinition = { key: string; name: string; description: string; permissions: readonly string[] };

/** Self-service every employee has: the directory, their own private data, time, leave and sick notes. */
const selfService = [
  'org.read',
  'people.private.read@own',
  'people.private.write@own',
  'time.read@own',
  'time.write@own',
  'leave.read@own',
  'leave.request@own',
  'hr.sick.read@own',
  'hr.sick.write@own',
  'calendar.read',
];

export const ADMIN_ROLE = 'admin';

export const defaultRoles: readonly RoleDefinition[] = [
  { key: ADMIN_ROLE, name: 'Admin', description: 'Alles, einschließlich Benutzer, Rollen und Audit-Log', permissions: ['*'] },
  {
    key: 'management',
    name: 'Geschäftsführung',
    description: 'Alle Geschäftsdaten',
    permissions: ['org.*', 'people.*', 'crm.*', 'invoices.*', 'payments.*', 'exports.*', 'time.*', 'leave.*', 'hr.*', 'applicants.*', 'calendar.*'],
  },
  {
    key: 'accounting',
    name: 'Buchhaltung',
    description: 'Kunden, Rechnungen, Zahlungen und Exporte',
    permissions: [...selfService, 'crm.*', 'invoices.*', 'payments.*', 'exports.*'],
  },
  {
    key: 'hr',
    name: 'Personal/HR',
    description: 'Mitarbeitende, private Daten, Urlaub, Krankmeldungen und Bewerbungen',
    permissions: [...selfService, 'org.*', 'people.*', 'leave.*', 'hr.*', 'applicants.*', 'time.read'],
  },
  {
    key: 'teamlead',
    name: 'Teamleitung',
    description: 'Urlaub und Zeiten der eigenen Abteilung genehmigen',
    permissions: [
      ...selfService,
      'leave.read@department',
      'leave.approve@department',
      'time.read@department',
      'time.approve@department',
      'hr.sick.read@department',
      'calendar.write',
    ],
  },
  { key: 'employee', name: 'Mitarbeiter', description: 'Self-Service: eigenes Profil, eigene Zeiten, eigener Urlaub', permissions: selfService },
];
