// The audit log as CSV for German spreadsheets: UTF-8 with BOM, semicolons, one row per entry.
import { auditKindNamesDe } from '@workmate/sync-protocol';
import type { AuditEntry } from './audit-log.ts';

const header = ['Zeitpunkt (UTC)', 'Ereignis', 'Code', 'Benutzer', 'E-Mail', 'Betroffen', 'Dokument', 'IP', 'Details'];

/** Quotes a field when needed; a leading =, +, - or @ is neutralised so a spreadsheet never runs it. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [header.join(';')];
  for (const e of entries) {
    lines.push(
      [
        e.at,
        auditKindNamesDe[e.kind] ?? e.kind,
        e.kind,
        e.user?.name ?? (e.kind === 'doc_changed' ? 'System' : ''),
        e.user?.email ?? '',
        e.subject ? `${e.subject.name} <${e.subject.email}>` : '',
        e.doc ?? '',
        e.ip,
        Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : '',
      ]
        .map(csvField)
        .join(';'),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
