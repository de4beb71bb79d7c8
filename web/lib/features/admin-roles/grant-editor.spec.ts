import { describe, expect, it } from 'vitest';
import { allPermissions, can, defaultRoles, permissionCatalogue, type Resource, type Subject } from '@workmate/domain/access';
import {
  effectiveReach,
  emptyGrantState,
  grantedAreas,
  grantsToState,
  reachOptions,
  sameGrants,
  stateToGrants,
  withArea,
  withEverything,
  withReach,
  withoutOther,
} from './grant-editor.ts';

/** What a list of grants allows, decided by the domain's own `can`, for every permission and kind of record. */
function decisions(grants: readonly string[]): string[] {
  // Permissions the catalogue may gain later: wildcards must keep covering them after a round trip.
  const permissions = [...allPermissions, 'org.export', 'people.photo.read', 'time.report', 'admin.backup', 'rockets.launch'];
  const subject: Subject = { permissions: grants, employeeId: 'e-self', departmentIds: ['d-led'] };
  const resources: Record<string, Resource> = {
    any: {},
    own: { ownerEmployeeId: 'e-self', departmentId: 'd-other' },
    department: { ownerEmployeeId: 'e-colleague', departmentId: 'd-led' },
    elsewhere: { ownerEmployeeId: 'e-colleague', departmentId: 'd-other' },
  };
  return permissions.flatMap((permission) =>
    Object.entries(resources)
      .filter(([, resource]) => can(subject, permission, resource))
      .map(([kind]) => `${permission}:${kind}`),
  );
}

const roundTrip = (grants: readonly string[]) => stateToGrants(grantsToState(grants));

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const grantPool = [
  '*',
  '*@own',
  'people.private.*',
  'hr.sick.*@own',
  'rockets.launch',
  'org read',
  'invoices.issue@own',
  ...permissionCatalogue.flatMap(({ area }) => [`${area}.*`, `${area}.*@own`, `${area}.*@department`]),
  ...allPermissions.flatMap((p) => [p, `${p}@own`, `${p}@department`]),
];

describe('grantsToState and stateToGrants', () => {
  it('show every default role field by field and grant the same afterwards', () => {
    for (const role of defaultRoles) {
      expect(grantsToState(role.permissions).other, role.key).toEqual([]);
      expect(decisions(roundTrip(role.permissions)), role.key).toEqual(decisions(role.permissions));
    }
  });

  it('give back a role without overlapping grants grant for grant', () => {
    for (const key of ['admin', 'management', 'accounting', 'teamlead', 'employee']) {
      const role = defaultRoles.find((r) => r.key === key)!;
      expect(sameGrants(roundTrip(role.permissions), role.permissions), key).toBe(true);
    }
  });

  it('leave out what a broader grant of the same role already covers', () => {
    const hr = defaultRoles.find((r) => r.key === 'hr')!;
    expect(hr.permissions).toContain('org.read');
    expect(roundTrip(hr.permissions)).toEqual([
      'org.*',
      'people.*',
      'time.read',
      'time.write@own',
      'leave.*',
      'hr.*',
      'applicants.*',
      'calendar.read',
    ]);
  });

  it('show Admin as every permission', () => {
    const state = grantsToState(['*']);
    expect(state.everything).toBe(true);
    expect(effectiveReach(state, 'invoices.issue')).toBe('all');
    expect(stateToGrants(state)).toEqual(['*']);
  });

  it('read a whole area as its "alles" switch and write it back as area.*', () => {
    const state = grantsToState(['invoices.*']);
    expect(state.areas.invoices).toBe(true);
    expect(effectiveReach(state, 'invoices.issue')).toBe('all');
    expect(effectiveReach(state, 'crm.read')).toBe('none');
    expect(stateToGrants(state)).toEqual(['invoices.*']);
  });

  it('combine own and department grants of one permission into one choice', () => {
    const state = grantsToState(['time.read@own', 'time.read@department']);
    expect(state.reach['time.read']).toBe('ownAndDepartment');
    expect(stateToGrants(state)).toEqual(['time.read@own', 'time.read@department']);
  });

  it('let an unscoped grant win over scoped ones of the same permission', () => {
    const grants = ['time.read@own', 'time.read'];
    expect(grantsToState(grants).reach['time.read']).toBe('all');
    expect(roundTrip(grants)).toEqual(['time.read']);
    expect(decisions(roundTrip(grants))).toEqual(decisions(grants));
  });

  it('keep grants the editor cannot show field by field, unchanged and in order', () => {
    const grants = ['time.*@own', 'org.read', 'people.private.*', 'rockets.launch', 'invoices.issue@own'];
    const state = grantsToState(grants);
    expect(state.other).toEqual(['time.*@own', 'people.private.*', 'rockets.launch', 'invoices.issue@own']);
    expect(roundTrip(grants)).toEqual(['org.read', 'time.*@own', 'people.private.*', 'rockets.launch', 'invoices.issue@own']);
  });

  it('grant the same as before for any mix of grants, and reach a fixed point after one trip', () => {
    const next = random(4242);
    for (let run = 0; run < 500; run++) {
      const count = Math.floor(next() * 8);
      const grants = Array.from({ length: count }, () => grantPool[Math.floor(next() * grantPool.length)]!);
      const once = roundTrip(grants);
      expect(decisions(once), grants.join(', ')).toEqual(decisions(grants));
      expect(roundTrip(once), grants.join(', ')).toEqual(once);
    }
  });

  it('write nothing for an empty role', () => expect(stateToGrants(emptyGrantState())).toEqual([]));
});

describe('editing', () => {
  it('turns on org read and own time entries', () => {
    let state = emptyGrantState();
    state = withReach(state, 'org.read', 'all');
    state = withReach(state, 'time.read', 'own');
    state = withReach(state, 'time.write', 'own');
    expect(stateToGrants(state)).toEqual(['org.read', 'time.read@own', 'time.write@own']);
  });

  it('keeps the single permissions under an area switch, so switching it off again restores them', () => {
    let state = withReach(emptyGrantState(), 'crm.read', 'all');
    state = withArea(state, 'crm', true);
    expect(stateToGrants(state)).toEqual(['crm.*']);
    state = withArea(state, 'crm', false);
    expect(stateToGrants(state)).toEqual(['crm.read']);
  });

  it('writes only * while every right is switched on', () => {
    const state = withEverything(withReach(emptyGrantState(), 'org.read', 'all'), true);
    expect(stateToGrants(state)).toEqual(['*']);
    expect(stateToGrants(withEverything(state, false))).toEqual(['org.read']);
  });

  it('refuses a reach the catalogue does not allow', () => {
    expect(() => withReach(emptyGrantState(), 'invoices.issue', 'own')).toThrow(/cannot reach/);
    expect(() => withReach(emptyGrantState(), 'rockets.launch', 'all')).toThrow(/not in the permission catalogue/);
  });

  it('removes a kept grant', () => {
    const state = withoutOther(grantsToState(['org.read', 'rockets.launch']), 'rockets.launch');
    expect(stateToGrants(state)).toEqual(['org.read']);
  });

  it('offers "für alle" first and both scopes together only where both are allowed', () => {
    const entry = (p: string) => permissionCatalogue.flatMap((a) => a.permissions).find((e) => e.permission === p)!;
    expect(reachOptions(entry('org.read'))).toEqual(['all']);
    expect(reachOptions(entry('time.read'))).toEqual(['all', 'own', 'department', 'ownAndDepartment']);
    expect(reachOptions(entry('leave.approve'))).toEqual(['all', 'department']);
  });
});

describe('grantedAreas', () => {
  it('lists the areas of the employee role, each limited to own records, and the directory in full', () => {
    const employee = defaultRoles.find((r) => r.key === 'employee')!;
    expect(grantedAreas(grantsToState(employee.permissions))).toEqual([
      { area: 'org', limitedTo: null },
      { area: 'people', limitedTo: ['own'] },
      { area: 'time', limitedTo: ['own'] },
      { area: 'leave', limitedTo: ['own'] },
      { area: 'hr', limitedTo: ['own'] },
      { area: 'calendar', limitedTo: null },
    ]);
  });

  it('marks a team lead’s areas as own and department', () => {
    const teamlead = defaultRoles.find((r) => r.key === 'teamlead')!;
    expect(grantedAreas(grantsToState(teamlead.permissions)).find((a) => a.area === 'leave')).toEqual({ area: 'leave', limitedTo: ['own', 'department'] });
  });

  it('counts a whole-area grant as unlimited', () => expect(grantedAreas(grantsToState(['exports.*']))).toEqual([{ area: 'exports', limitedTo: null }]));
});
