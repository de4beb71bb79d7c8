import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { can } from './can.ts';
import { defaultRoles } from './default-roles.ts';
import { delegationRefusal, describeDelegationRefusal, grantCovered, grantsNotHeld, linkGrantsNotHeld, permissionsCover, type Administrator, type DelegationRefusal } from './delegation.ts';
import { allPermissions, permissionCatalogue } from './permission-catalogue.ts';

const patterns = ['*', ...allPermissions, ...permissionCatalogue.map((a) => `${a.area}.*`), 'people.private.*'];
const grant = fc.tuple(fc.constantFrom(...patterns), fc.constantFrom('', '@own', '@department')).map(([pattern, scope]) => pattern + scope);
const grants = fc.array(grant, { maxLength: 8 });

/**
 * Grants close to a held one: the same, limited to a scope, a wildcard down to one action — and the
 * same without its scope, or up to its area's wildcard, which must not count as covered.
 */
const near = (held: string) => {
  const [pattern = '', scope] = held.split('@');
  const area = pattern.split('.')[0]!;
  return fc.constantFrom(
    held,
    scope ? held : `${held}@own`,
    scope ? held : `${held}@department`,
    pattern === '*' ? 'invoices.issue' : held.replace(/^(\w+)\.\*/, (_, a: string) => allPermissions.find((p) => p.startsWith(`${a}.`)) ?? held),
    pattern,
    pattern === '*' ? held : `${area}.*${scope ? `@${scope}` : ''}`,
  );
};
/** Some grants, and grants close to them — so that the properties below meet covered sets often. */
const heldAndNear: fc.Arbitrary<[string[], string[]]> = grants.chain((held) =>
  fc.tuple(fc.constant(held), fc.oneof(grants, fc.subarray(held).chain((some) => (some.length === 0 ? fc.constant<string[]>([]) : fc.tuple(...some.map(near)))))),
);

const employee = defaultRoles.find((r) => r.key === 'employee')!.permissions;
/** The administrator of the security finding: may read the directory and manage accounts, nothing else. */
const userAdmin: Administrator = { id: 'u-limited', roles: ['user-admin'], permissions: ['org.read', 'admin.users'] };
const roleAdmin: Administrator = { id: 'r-limited', roles: ['role-admin'], permissions: ['admin.roles'] };
const admin: Administrator = { id: 'u-admin', roles: ['admin'], permissions: ['*'] };

describe('grantCovered', () => {
  it('lets an area wildcard cover each action of the area and itself', () => {
    expect(grantCovered(['org.*'], 'org.read')).toBe(true);
    expect(grantCovered(['org.*'], 'org.*')).toBe(true);
    expect(grantCovered(['people.*'], 'people.private.*@own')).toBe(true);
    expect(grantCovered(['org.*'], 'orgx.read')).toBe(false);
  });
  it('lets only * cover *', () => {
    expect(grantCovered(['*'], '*')).toBe(true);
    expect(grantCovered(allPermissions, '*')).toBe(false);
  });
  it('does not put a wildcard together from the actions it names today', () => expect(grantCovered(['org.read', 'org.write'], 'org.*')).toBe(false));
  it('does not let a scoped grant cover the same permission for every record', () => {
    expect(grantCovered(['time.write@own'], 'time.write')).toBe(false);
    expect(grantCovered(['time.write@own'], 'time.write@department')).toBe(false);
    expect(grantCovered(['time.write@own'], 'time.write@own')).toBe(true);
    expect(grantCovered(['time.write'], 'time.write@department')).toBe(true);
  });
  it('counts malformed grants as nothing', () => {
    expect(grantCovered(['org.read@team'], 'org.read')).toBe(false);
    expect(grantCovered(['*'], 'org read')).toBe(false);
  });
});

describe('permissionsCover', () => {
  it('holds for any set of grants and itself', () => fc.assert(fc.property(grants, (set) => permissionsCover(set, set))));
  it('lets * cover everything', () => fc.assert(fc.property(grants, (set) => permissionsCover(['*'], set))));
  it('never loses coverage when grants are added', () =>
    fc.assert(fc.property(grants, grants, grants, (held, extra, granted) => !permissionsCover(held, granted) || permissionsCover([...held, ...extra], granted))));
  it('is transitive', () =>
    fc.assert(fc.property(grants, grants, grants, (a, b, c) => !(permissionsCover(a, b) && permissionsCover(b, c)) || permissionsCover(a, c))));
  it('agrees with grantsNotHeld', () => fc.assert(fc.property(grants, grants, (held, granted) => permissionsCover(held, granted) === (grantsNotHeld(held, granted).length === 0))));

  it('never lets what is covered allow an access the holder lacks', () => {
    const context = fc.record({
      action: fc.constantFrom(...allPermissions),
      employeeId: fc.constantFrom(null, 'e1'),
      departmentIds: fc.constantFrom([], ['d1']),
      owner: fc.constantFrom(undefined, null, 'e1', 'e2'),
      department: fc.constantFrom(undefined, 'd1', 'd2'),
    });
    fc.assert(
      fc.property(heldAndNear, context, ([held, granted], { action, employeeId, departmentIds, owner, department }) => {
        fc.pre(permissionsCover(held, granted));
        const resource = { ownerEmployeeId: owner, departmentId: department };
        return !can({ permissions: granted, employeeId, departmentIds }, action, resource) || can({ permissions: held, employeeId, departmentIds }, action, resource);
      }),
    );
  });
});

describe('delegationRefusal', () => {
  it('refuses changing one’s own roles, even for Admin', () => {
    const ownAccount = { id: userAdmin.id, permissions: userAdmin.permissions };
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: ownAccount, roles: { from: ['user-admin'], to: ['admin'], permissions: ['*'] } })).toEqual({
      code: 'own_roles',
    });
    expect(delegationRefusal(admin, { kind: 'manageAccount', account: { id: admin.id, permissions: ['*'] }, roles: { from: ['admin'], to: ['employee'], permissions: employee } })).toEqual({
      code: 'own_roles',
    });
  });
  it('lets one change one’s own name, and send one’s roles unchanged', () => {
    const ownAccount = { id: userAdmin.id, permissions: userAdmin.permissions };
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: ownAccount })).toBeNull();
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: ownAccount, roles: { from: ['user-admin'], to: ['user-admin'], permissions: userAdmin.permissions } })).toBeNull();
  });
  it('refuses managing an account that holds more, naming what it holds', () => {
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: { id: 'u-admin', permissions: ['*'] } })).toEqual({ code: 'account_outranks_you', grants: ['*'] });
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: { id: 'u-hr', permissions: ['org.read', 'admin.users', 'people.*'] } })).toEqual({
      code: 'account_outranks_you',
      grants: ['people.*'],
    });
  });
  it('lets a limited administrator manage accounts that hold no more than they do', () => {
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: { id: 'u-reader', permissions: ['org.read'] } })).toBeNull();
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: { id: 'u-twin', permissions: userAdmin.permissions } })).toBeNull();
    expect(delegationRefusal(userAdmin, { kind: 'createAccount', permissions: ['org.read'] })).toBeNull();
  });
  it('refuses giving an account roles that grant what one does not hold', () => {
    const reader = { id: 'u-reader', permissions: ['org.read'] };
    expect(delegationRefusal(userAdmin, { kind: 'manageAccount', account: reader, roles: { from: ['reader'], to: ['admin'], permissions: ['*'] } })).toEqual({
      code: 'grant_not_held',
      grants: ['*'],
    });
    expect(delegationRefusal(userAdmin, { kind: 'createAccount', permissions: employee })).toEqual({
      code: 'grant_not_held',
      grants: employee.filter((g) => g !== 'org.read'),
    });
  });
  it('refuses changing the grants of a role one holds, but not its name', () => {
    const own = { key: 'role-admin', permissions: ['admin.roles'] };
    expect(delegationRefusal(roleAdmin, { kind: 'manageRole', role: own, permissions: ['*'] })).toEqual({ code: 'own_role_permissions', role: 'role-admin' });
    expect(delegationRefusal(roleAdmin, { kind: 'manageRole', role: own, permissions: [] })).toEqual({ code: 'own_role_permissions', role: 'role-admin' });
    expect(delegationRefusal(roleAdmin, { kind: 'manageRole', role: own })).toBeNull();
    expect(delegationRefusal(roleAdmin, { kind: 'manageRole', role: own, permissions: ['admin.roles'] })).toBeNull();
  });
  it('refuses granting through a role what one does not hold', () => {
    expect(delegationRefusal(roleAdmin, { kind: 'createRole', permissions: ['*'] })).toEqual({ code: 'grant_not_held', grants: ['*'] });
    expect(delegationRefusal(roleAdmin, { kind: 'manageRole', role: { key: 'empty', permissions: [] }, permissions: ['admin.roles', 'org.read'] })).toEqual({
      code: 'grant_not_held',
      grants: ['org.read'],
    });
    expect(delegationRefusal(roleAdmin, { kind: 'createRole', permissions: ['admin.roles'] })).toBeNull();
  });
  it('refuses changing or deleting a role that grants more than one holds', () =>
    expect(delegationRefusal(roleAdmin, { kind: 'manageRole', role: { key: 'admin', permissions: ['*'] } })).toEqual({ code: 'role_outranks_you', grants: ['*'] }));
  it('lets Admin do anything but change their own roles and the grants of their own roles', () =>
    fc.assert(
      fc.property(grants, grants, (from, to) => {
        expect(delegationRefusal(admin, { kind: 'createRole', permissions: to })).toBeNull();
        expect(delegationRefusal(admin, { kind: 'manageRole', role: { key: 'custom', permissions: from }, permissions: to })).toBeNull();
        expect(delegationRefusal(admin, { kind: 'manageAccount', account: { id: 'other', permissions: from }, roles: { from: ['a'], to: ['b'], permissions: to } })).toBeNull();
      }),
    ));
  it('says what to do in every refusal', () => {
    const refusals: DelegationRefusal[] = [
      { code: 'own_roles' },
      { code: 'own_role_permissions', role: 'x' },
      { code: 'account_outranks_you', grants: ['*'] },
      { code: 'role_outranks_you', grants: ['*'] },
      { code: 'grant_not_held', grants: ['*'] },
    ];
    for (const refusal of refusals) expect(describeDelegationRefusal(refusal)).toMatch(/(Ask|Leave) .+\.$/);
  });
});

describe('linking an account to a person', () => {
  const linker = { id: 'lotte', roles: ['linker'], permissions: ['admin.users', 'people.private.read@own'], employeeId: 'e-lotte' };
  const hr = { id: 'petra', roles: ['hr'], permissions: ['admin.users', 'people.*'], employeeId: 'e-petra' };

  it('hands on the scoped grants over that person, which only a holder for every record — or that person — covers', () => {
    expect(linkGrantsNotHeld(linker, 'e-anna', ['people.private.read@own', 'org.read'])).toEqual(['people.private.read@own']);
    expect(linkGrantsNotHeld(linker, 'e-lotte', ['people.private.read@own'])).toEqual([]);
    expect(linkGrantsNotHeld(hr, 'e-anna', ['people.private.read@own', 'people.private.write@own'])).toEqual([]);
    expect(linkGrantsNotHeld(hr, 'e-anna', ['leave.approve@department'])).toEqual(['leave.approve@department']);
  });

  it('refuses creating or relinking an account whose scoped grants the administrator does not hold over that person', () => {
    expect(delegationRefusal(linker, { kind: 'createAccount', permissions: ['people.private.read@own'], employeeId: 'e-anna' })).toEqual({
      code: 'link_not_held',
      grants: ['people.private.read@own'],
    });
    expect(delegationRefusal(linker, { kind: 'createAccount', permissions: ['people.private.read@own'], employeeId: null })).toBeNull();
    const account = { id: 'gast', permissions: ['people.private.read@own'] };
    expect(delegationRefusal(linker, { kind: 'manageAccount', account, link: { to: 'e-anna', permissions: account.permissions } })).toEqual({
      code: 'link_not_held',
      grants: ['people.private.read@own'],
    });
    expect(delegationRefusal(hr, { kind: 'manageAccount', account, link: { to: 'e-anna', permissions: account.permissions } })).toBeNull();
  });
});
