// A role's permission grants as the roles editor shows them — `*`, one "alles" switch per area (`area.*`)
// and, per catalogued permission, how far it reaches — and back. Grants the editor cannot show field by
// field (`time.*@own`, `people.private.*`, anything unknown) are kept verbatim, so reading a role into
// the editor and writing it back always grants exactly what it granted before.
import { parseGrant, permissionCatalogue, type PermissionEntry, type Scope } from '@workmate/domain/access';

/** How far one permission reaches: not at all, every record, or only own / department records (or both). */
export type Reach = 'none' | 'all' | 'own' | 'department' | 'ownAndDepartment';

export type GrantEditorState = {
  /** `*`: every permission, in every area, including ones added later. */
  everything: boolean;
  /** Areas granted as a whole (`area.*`), by area name. */
  areas: Readonly<Record<string, boolean>>;
  /** Per catalogued permission (`org.read`), what it reaches when its area is not granted as a whole. */
  reach: Readonly<Record<string, Reach>>;
  /** Grants shown as they are (in their original order); written back unchanged. */
  other: readonly string[];
};

const entries: readonly PermissionEntry[] = permissionCatalogue.flatMap((area) => area.permissions);
const entryOf = new Map(entries.map((entry) => [entry.permission, entry]));
const areaNames = new Set(permissionCatalogue.map((area) => area.area));

/** The reaches a permission can be given, in the order the editor offers them ("für alle" first). */
export function reachOptions(entry: PermissionEntry): Reach[] {
  const options: Reach[] = ['all', ...entry.scopes];
  if (entry.scopes.includes('own') && entry.scopes.includes('department')) options.push('ownAndDepartment');
  return options;
}

export function emptyGrantState(): GrantEditorState {
  return { everything: false, areas: {}, reach: {}, other: [] };
}

type Coverage = { all: boolean; own: boolean; department: boolean };

function reachFrom({ all, own, department }: Coverage): Reach {
  if (all) return 'all';
  if (own && department) return 'ownAndDepartment';
  if (own) return 'own';
  return department ? 'department' : 'none';
}

function coverageOf(reach: Reach): Coverage {
  return { all: reach === 'all', own: reach === 'own' || reach === 'ownAndDepartment', department: reach === 'department' || reach === 'ownAndDepartment' };
}

/** Reads a role's grants into the editor. */
export function grantsToState(grants: readonly string[]): GrantEditorState {
  let everything = false;
  const areas: Record<string, boolean> = {};
  const coverage = new Map<string, Coverage>();
  const other: string[] = [];

  for (const grant of grants) {
    const parsed = parseGrant(grant);
    const areaWildcard = parsed?.pattern.endsWith('.*') ? parsed.pattern.slice(0, -2) : null;
    const entry = parsed ? entryOf.get(parsed.pattern) : undefined;
    if (parsed?.pattern === '*' && parsed.scope === null) {
      everything = true;
    } else if (parsed && parsed.scope === null && areaWildcard !== null && areaNames.has(areaWildcard)) {
      areas[areaWildcard] = true;
    } else if (parsed && entry && (parsed.scope === null || entry.scopes.includes(parsed.scope))) {
      const current = coverage.get(entry.permission) ?? { all: false, own: false, department: false };
      coverage.set(entry.permission, { ...current, [parsed.scope ?? 'all']: true });
    } else if (!other.includes(grant)) {
      other.push(grant);
    }
  }

  const reach: Record<string, Reach> = {};
  for (const [permission, covered] of coverage) reach[permission] = reachFrom(covered);
  return { everything, areas, reach, other };
}

function grantsOfReach(permission: string, reach: Reach): string[] {
  const { all, own, department } = coverageOf(reach);
  if (all) return [permission];
  const scoped: Scope[] = [...(own ? (['own'] as const) : []), ...(department ? (['department'] as const) : [])];
  return scoped.map((scope) => `${permission}@${scope}`);
}

/**
 * The grants to store, in catalogue order. What a broader grant already covers is left out: `*` covers
 * everything, `area.*` its whole area.
 */
export function stateToGrants(state: GrantEditorState): string[] {
  if (state.everything) return ['*'];
  const grants: string[] = [];
  for (const { area, permissions } of permissionCatalogue) {
    if (state.areas[area]) {
      grants.push(`${area}.*`);
      continue;
    }
    for (const { permission } of permissions) grants.push(...grantsOfReach(permission, state.reach[permission] ?? 'none'));
  }
  for (const grant of state.other) if (!grants.includes(grant)) grants.push(grant);
  return grants;
}

/** What the editor shows for a permission: a whole-area or `*` grant reaches every record. */
export function effectiveReach(state: GrantEditorState, permission: string): Reach {
  const area = permissionCatalogue.find((a) => a.permissions.some((p) => p.permission === permission))?.area;
  if (state.everything || (area !== undefined && state.areas[area])) return 'all';
  return state.reach[permission] ?? 'none';
}

export function withEverything(state: GrantEditorState, everything: boolean): GrantEditorState {
  return { ...state, everything };
}

export function withArea(state: GrantEditorState, area: string, granted: boolean): GrantEditorState {
  return { ...state, areas: { ...state.areas, [area]: granted } };
}

/** Sets one permission's reach; a reach the catalogue does not allow for it is refused. */
export function withReach(state: GrantEditorState, permission: string, reach: Reach): GrantEditorState {
  const entry = entryOf.get(permission);
  if (!entry) throw new Error(`"${permission}" is not in the permission catalogue`);
  if (reach !== 'none' && !reachOptions(entry).includes(reach)) throw new Error(`"${permission}" cannot reach "${reach}"`);
  return { ...state, reach: { ...state.reach, [permission]: reach } };
}

export function withoutOther(state: GrantEditorState, grant: string): GrantEditorState {
  return { ...state, other: state.other.filter((g) => g !== grant) };
}

/** Two grant lists that store the same thing, ignoring order and repetition. */
export function sameGrants(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((grant, i) => grant === right[i]);
}

/** An area a role touches, and whether only some records (own, department) are reached in it. */
export type GrantedArea = { area: string; limitedTo: readonly Scope[] | null };

/** For the list's one-line summary: the areas a role grants anything in, in catalogue order. */
export function grantedAreas(state: GrantEditorState): GrantedArea[] {
  const granted: GrantedArea[] = [];
  for (const { area, permissions } of permissionCatalogue) {
    if (state.areas[area]) {
      granted.push({ area, limitedTo: null });
      continue;
    }
    const reaches = permissions.map((p) => state.reach[p.permission] ?? 'none').filter((r) => r !== 'none');
    if (reaches.length === 0) continue;
    if (reaches.includes('all')) {
      granted.push({ area, limitedTo: null });
      continue;
    }
    const covered = reaches.map(coverageOf);
    const limitedTo: Scope[] = [];
    if (covered.some((c) => c.own)) limitedTo.push('own');
    if (covered.some((c) => c.department)) limitedTo.push('department');
    granted.push({ area, limitedTo });
  }
  return granted;
}
