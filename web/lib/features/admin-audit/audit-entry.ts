// One audit log entry as `GET /api/admin/audit` sends it, validated before the screen trusts it, and
// the pure readings the screen needs: which doc it names and which details it carries (role changes,
// the email of a failed sign-in, …), independent of language.
import { auditEventKinds, parseDocName, type AuditKind } from '@workmate/sync-protocol';
import { z } from 'zod';

export { auditEventKinds, type AuditKind };

const knownKinds = new Set<string>([...auditEventKinds, 'doc_changed']);
export const isKnownKind = (kind: string): kind is AuditKind => knownKinds.has(kind);

const person = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  /** Kept as text: a kind this app does not know yet is still shown (by its code). */
  kind: z.string(),
  user: person.nullable(),
  subject: person.nullable(),
  doc: z.string().nullable(),
  ip: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditPerson = z.infer<typeof person>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), next: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

export type DocDescription = { kind: 'org' } | { kind: 'profile'; employeeId: string } | { kind: 'other'; name: string };

/** What a doc name stands for; names this app cannot parse are shown as they are. */
export function describeDoc(name: string): DocDescription {
  const parsed = parseDocName(name);
  if (!parsed.ok) return { kind: 'other', name };
  return parsed.ref.kind === 'profile' ? { kind: 'profile', employeeId: parsed.ref.employeeId } : { kind: parsed.ref.kind };
}

export type AuditDetail =
  | { kind: 'email'; email: string }
  | { kind: 'roles'; roles: string[] }
  | { kind: 'rolesChanged'; from: string[]; to: string[] }
  | { kind: 'fields'; fields: string[] }
  | { kind: 'sessions'; count: number }
  | { kind: 'attempts'; count: number }
  | { kind: 'viaLink' }
  | { kind: 'role'; role: string }
  | { kind: 'permissionCount'; count: number }
  | { kind: 'permissionsChanged'; added: string[]; removed: string[] }
  | { kind: 'size'; bytes: number };

const strings = (value: unknown): string[] | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The details worth showing for an entry, read defensively (a missing or odd field is left out). */
export function auditDetails(entry: Pick<AuditEntry, 'kind' | 'details'>): AuditDetail[] {
  const d = entry.details;
  const out: AuditDetail[] = [];
  const email = text(d.email);
  const role = text(d.role);
  const from = strings(d.from);
  const to = strings(d.to);
  switch (entry.kind) {
    case 'sign_in_failed':
      if (email) out.push({ kind: 'email', email });
      break;
    case 'sign_in_throttled': {
      // One entry per address and email a minute, counting its attempts (audit-log.ts on the server).
      if (email) out.push({ kind: 'email', email });
      const attempts = count(d.attempts);
      if (attempts !== null && attempts > 1) out.push({ kind: 'attempts', count: attempts });
      break;
    }
    case 'user_created': {
      const roles = strings(d.roles);
      if (roles) out.push({ kind: 'roles', roles });
      break;
    }
    case 'roles_changed':
      if (from && to) out.push({ kind: 'rolesChanged', from, to });
      break;
    case 'user_updated': {
      const fields = strings(d.fields);
      if (fields && fields.length > 0) out.push({ kind: 'fields', fields });
      break;
    }
    case 'sessions_revoked': {
      const sessions = count(d.sessions);
      if (sessions !== null) out.push({ kind: 'sessions', count: sessions });
      break;
    }
    case 'password_changed':
      if (d.via === 'link') out.push({ kind: 'viaLink' });
      break;
    case 'role_created':
    case 'role_deleted': {
      const permissions = strings(d.permissions);
      if (role) out.push({ kind: 'role', role });
      if (permissions) out.push({ kind: 'permissionCount', count: permissions.length });
      break;
    }
    case 'role_updated':
      if (role) out.push({ kind: 'role', role });
      if (from && to) {
        const added = to.filter((p) => !from.includes(p));
        const removed = from.filter((p) => !to.includes(p));
        if (added.length > 0 || removed.length > 0) out.push({ kind: 'permissionsChanged', added, removed });
      }
      break;
    case 'doc_changed': {
      const bytes = count(d.bytes);
      if (bytes !== null) out.push({ kind: 'size', bytes });
      break;
    }
  }
  return out;
}

/** Everyone an entry names (who acted, whose account), for finding a name by id. */
export function peopleOf(entries: readonly AuditEntry[]): Map<string, AuditPerson> {
  const people = new Map<string, AuditPerson>();
  for (const entry of entries) {
    for (const p of [entry.user, entry.subject]) if (p && !people.has(p.id)) people.set(p.id, p);
  }
  return people;
}
