import { describe, expect, it } from 'vitest';
import { emptyGrantState, grantsToState, withArea, withEverything, withReach } from './grant-editor.ts';
import { grantChangeRefusal, ownRole, roleLock } from './role-limits.ts';

const limited = { id: 'me', roles: ['role-admin'], permissions: ['admin.roles', 'org.read', 'time.write@own'] };
const admin = { id: 'anna', roles: ['admin'], permissions: ['*'] };
const empty = emptyGrantState();

describe('roleLock', () => {
  it('locks a role that grants more than the administrator holds', () => {
    expect(roleLock(limited, { key: 'admin', permissions: ['*'] })).toEqual({ code: 'role_outranks_you', grants: ['*'] });
    expect(roleLock(limited, { key: 'hr', permissions: ['org.*'] })?.code).toBe('role_outranks_you');
  });
  it('leaves roles granting no more open, and everything open to Admin', () => {
    expect(roleLock(limited, { key: 'reader', permissions: ['org.read'] })).toBeNull();
    expect(roleLock(admin, { key: 'hr', permissions: ['org.*'] })).toBeNull();
  });
});

describe('ownRole', () => {
  it('knows the roles the administrator holds', () => {
    expect(ownRole(limited, { key: 'role-admin', permissions: ['admin.roles'] })).toBe(true);
    expect(ownRole(limited, { key: 'reader', permissions: ['org.read'] })).toBe(false);
    expect(ownRole(limited, null)).toBe(false);
  });
});

describe('grantChangeRefusal', () => {
  it('lets a new role get what the administrator holds, for as many records as they hold it', () => {
    expect(grantChangeRefusal(limited, null, withReach(empty, 'org.read', 'all'))).toBeNull();
    expect(grantChangeRefusal(limited, null, withReach(empty, 'time.write', 'own'))).toBeNull();
  });
  it('refuses what they do not hold, or hold for fewer records', () => {
    expect(grantChangeRefusal(limited, null, withReach(empty, 'org.write', 'all'))).toEqual({ code: 'grant_not_held', grants: ['org.write'] });
    expect(grantChangeRefusal(limited, null, withReach(empty, 'time.write', 'all'))).toEqual({ code: 'grant_not_held', grants: ['time.write'] });
    expect(grantChangeRefusal(limited, null, withArea(empty, 'org', true))).toEqual({ code: 'grant_not_held', grants: ['org.*'] });
    expect(grantChangeRefusal(limited, null, withEverything(empty, true))).toEqual({ code: 'grant_not_held', grants: ['*'] });
  });
  it('refuses every change of grants of a role the administrator holds', () => {
    const own = { key: 'role-admin', permissions: ['admin.roles'] };
    expect(grantChangeRefusal(limited, own, withReach(grantsToState(own.permissions), 'admin.roles', 'none'))).toEqual({ code: 'own_role_permissions', role: 'role-admin' });
    expect(grantChangeRefusal(limited, own, grantsToState(own.permissions))).toBeNull();
  });
  it('lets Admin grant anything in a role it does not hold', () =>
    expect(grantChangeRefusal(admin, { key: 'hr', permissions: ['org.*'] }, withEverything(grantsToState(['org.*']), true))).toBeNull());
});
