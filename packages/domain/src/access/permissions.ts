// Permission strings are `area.action` (e.g. `org.read`, `org.write`, `invoices.issue`). A grant may end
// in `*` to cover every action of an area (`org.*`) or everything (`*`).

export function grantCovers(grant: string, needed: string): boolean {
  if (grant === '*' || grant === needed) return true;
  if (grant.endsWith('.*')) return needed.startsWith(grant.slice(0, -1));
  return false;
}

export function hasPermission(grants: readonly string[], needed: string): boolean {
  return grants.some((grant) => grantCovers(grant, needed));
}
