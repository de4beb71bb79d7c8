// Every permission the product knows, grouped by area, with the scopes a grant of it may carry. The roles
// editor offers exactly these (labels live in the web app's i18n); a role may only hold grants that
// name a catalogued permission or a wildcard over one.
import { parseGrant, patternCovers, type Scope } from './permissions.ts';

export type PermissionEntry = { permission: string; scopes: readonly Scope[] };
export type PermissionArea = { area: string; permissions: readonly PermissionEntry[] };

const all = (...permissions: string[]): PermissionEntry[] => permissions.map((permission) => ({ permission, scopes: [] }));
const scoped = (scopes: Scope[], ...permissions: string[]): PermissionEntry[] => permissions.map((permission) => ({ permission, scopes }));

export const permissionCatalogue: readonly PermissionArea[] = [
  { area: 'org', permissions: all('org.read', 'org.write') },
  { area: 'people', permissions: scoped(['own'], 'people.private.read', 'people.private.write') },
  { area: 'crm', permissions: all('crm.read', 'crm.write') },
  { area: 'invoices', permissions: all('invoices.read', 'invoices.write', 'invoices.issue') },
  { area: 'payments', permissions: all('payments.read', 'payments.write') },
  { area: 'exports', permissions: all('exports.run') },
  { area: 'time', permissions: [...scoped(['own', 'department'], 'time.read', 'time.write'), ...scoped(['department'], 'time.approve')] },
  { area: 'leave', permissions: [...scoped(['own', 'department'], 'leave.read', 'leave.request'), ...scoped(['department'], 'leave.approve')] },
  { area: 'hr', permissions: scoped(['own', 'department'], 'hr.sick.read', 'hr.sick.write') },
  { area: 'applicants', permissions: all('applicants.read', 'applicants.write') },
  { area: 'calendar', permissions: all('calendar.read', 'calendar.write') },
  { area: 'admin', permissions: all('admin.users', 'admin.roles', 'admin.audit') },
];

export const allPermissions: readonly string[] = permissionCatalogue.flatMap((a) => a.permissions.map((p) => p.permission));

/** Why a grant cannot be stored in a role, or null when it can. */
export function grantProblem(grant: string): string | null {
  const parsed = parseGrant(grant);
  if (!parsed) return `"${grant}" is not a permission: use area.action, area.* or *, optionally with @own or @department`;
  const covered = permissionCatalogue.flatMap((a) => a.permissions).filter((p) => patternCovers(parsed.pattern, p.permission));
  if (covered.length === 0) return `"${grant}" names no known permission`;
  // A scoped wildcard must make sense for every permission it covers: `time.*@own` would grant
  // `time.approve@own`, which no one may hold.
  if (parsed.scope && !covered.every((p) => p.scopes.includes(parsed.scope!))) {
    return `"${parsed.pattern}" cannot be limited to @${parsed.scope}`;
  }
  return null;
}
