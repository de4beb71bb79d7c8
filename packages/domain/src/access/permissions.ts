// Permission strings are `area.action` (e.g. `org.read`, `invoices.issue`). A role grants them with
// wildcards — `org.*` covers every action of an area, `*` everything — and optionally with a scope:
// `time.write@own` covers only the user's own records, `leave.approve@department` only records of people
// in a department the user leads. Pure: the server and the web app decide the same way.

export const scopes = ['own', 'department'] as const;
export type Scope = (typeof scopes)[number];

export type Grant = { pattern: string; scope: Scope | null };

const patternShape = /^(\*|[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)*\.([a-z][a-z0-9]*|\*))$/;

/** Parses `pattern[@scope]`; null for anything malformed. */
export function parseGrant(grant: string): Grant | null {
  const [pattern = '', scope, extra] = grant.split('@');
  if (extra !== undefined || !patternShape.test(pattern)) return null;
  if (scope === undefined) return { pattern, scope: null };
  return (scopes as readonly string[]).includes(scope) ? { pattern, scope: scope as Scope } : null;
}

/** Whether a grant's pattern names `needed` (its scope aside). */
export function patternCovers(pattern: string, needed: string): boolean {
  if (pattern === '*' || pattern === needed) return true;
  if (pattern.endsWith('.*')) return needed.startsWith(pattern.slice(0, -1));
  return false;
}

/** Whether `grant` covers `needed` for every record (an unscoped grant). */
export function grantCovers(grant: string, needed: string): boolean {
  const parsed = parseGrant(grant);
  return parsed !== null && parsed.scope === null && patternCovers(parsed.pattern, needed);
}

/** The permission for every record: some unscoped grant covers it. */
export function hasPermission(grants: readonly string[], needed: string): boolean {
  return grants.some((grant) => grantCovers(grant, needed));
}

/** The permission for at least some records (own, department or all): decides whether an area shows. */
export function hasAnyScopeOf(grants: readonly string[], needed: string): boolean {
  return grants.some((grant) => {
    const parsed = parseGrant(grant);
    return parsed !== null && patternCovers(parsed.pattern, needed);
  });
}
