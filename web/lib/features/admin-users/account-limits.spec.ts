import { describe, expect, it } from 'vitest';
import { accountLock, linkRefusal, lockMessage, permissionsOfRoles, roleToggleRefusal } from './account-limits.ts';

const roles = [
  { key: 'admin', permissions: ['*'] },
  { key: 'user-admin', permissions: ['org.read', 'admin.users'] },
  { key: 'reader', permissions: ['org.read'] },
  { key: 'hr', permissions: ['org.*', 'people.*'] },
];
const limited = { id: 'me', roles: ['user-admin'], permissions: ['org.read', 'admin.users'] };
const admin = { id: 'anna', roles: ['admin'], permissions: ['*'] };

describe('permissionsOfRoles', () => {
  it('adds up the grants of the roles, each once, and ignores roles that are gone', () =>
    expect(permissionsOfRoles(['user-admin', 'reader', 'gone'], roles)).toEqual(['org.read', 'admin.users']));
});

describe('accountLock', () => {
  it('locks an account that holds more than the administrator', () => {
    expect(accountLock(limited, { id: 'anna', roles: ['admin'] }, roles)).toEqual({ code: 'account_outranks_you', grants: ['*'] });
    expect(accountLock(limited, { id: 'hugo', roles: ['reader', 'hr'] }, roles)?.code).toBe('account_outranks_you');
  });
  it('leaves accounts holding no more — and one’s own — open', () => {
    expect(accountLock(limited, { id: 'rita', roles: ['reader'] }, roles)).toBeNull();
    expect(accountLock(limited, { id: 'me', roles: ['user-admin'] }, roles)).toBeNull();
    expect(accountLock(admin, { id: 'hugo', roles: ['hr'] }, roles)).toBeNull();
  });
});

describe('roleToggleRefusal', () => {
  it('locks every role of one’s own account', () => {
    expect(roleToggleRefusal(limited, { id: 'me', roles: ['user-admin'] }, ['user-admin'], 'admin', roles)).toEqual({ code: 'own_roles' });
    expect(roleToggleRefusal(limited, { id: 'me', roles: ['user-admin'] }, ['user-admin'], 'user-admin', roles)).toEqual({ code: 'own_roles' });
    expect(roleToggleRefusal(admin, { id: 'anna', roles: ['admin'] }, ['admin'], 'reader', roles)).toEqual({ code: 'own_roles' });
  });
  it('refuses ticking a role that grants more, for a new account and an existing one', () => {
    expect(roleToggleRefusal(limited, null, [], 'hr', roles)).toEqual({ code: 'grant_not_held', grants: ['org.*', 'people.*'] });
    expect(roleToggleRefusal(limited, { id: 'rita', roles: ['reader'] }, ['reader'], 'admin', roles)).toEqual({ code: 'grant_not_held', grants: ['*'] });
  });
  it('allows ticking what one holds and unticking anything', () => {
    expect(roleToggleRefusal(limited, null, [], 'reader', roles)).toBeNull();
    expect(roleToggleRefusal(limited, { id: 'rita', roles: ['reader'] }, ['reader'], 'user-admin', roles)).toBeNull();
    expect(roleToggleRefusal(limited, { id: 'rita', roles: ['reader'] }, ['reader', 'user-admin'], 'user-admin', roles)).toBeNull();
  });
});

describe('lockMessage', () => {
  it('explains each lock', () => {
    expect(lockMessage({ code: 'own_roles' })).toBe('adminUsers.ownRolesLocked');
    expect(lockMessage({ code: 'account_outranks_you', grants: ['*'] })).toBe('adminUsers.accountLocked');
    expect(lockMessage({ code: 'grant_not_held', grants: ['*'] })).toBe('adminUsers.roleNotGrantable');
  });
});

describe('linkRefusal', () => {
  const roles = [
    { key: 'self', permissions: ['people.private.read@own'] },
    { key: 'guest', permissions: [] },
  ];
  const linker = { id: 'lotte', roles: ['x'], permissions: ['admin.users', 'people.private.read@own'], employeeId: 'e-lotte' };

  it("refuses linking an account with scoped rights to someone else's record, and allows the own one or no link", () => {
    expect(linkRefusal(linker, null, ['self'], 'e-anna', roles)).toEqual({ code: 'link_not_held', grants: ['people.private.read@own'] });
    expect(linkRefusal(linker, null, ['self'], 'e-lotte', roles)).toBeNull();
    expect(linkRefusal(linker, null, ['self'], null, roles)).toBeNull();
    expect(linkRefusal(linker, null, ['guest'], 'e-anna', roles)).toBeNull();
  });

  it('leaves an unchanged link alone, and checks it again when the roles change', () => {
    const account = { id: 'gast', roles: ['guest'], employeeId: 'e-anna' };
    expect(linkRefusal(linker, account, ['guest'], 'e-anna', roles)).toBeNull();
    expect(linkRefusal(linker, account, ['guest', 'self'], 'e-anna', roles)).toEqual({ code: 'link_not_held', grants: ['people.private.read@own'] });
  });
});
