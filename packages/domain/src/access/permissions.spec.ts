import { describe, expect, it } from 'vitest';
import { hasAnyScopeOf, hasPermission, parseGrant } from './permissions.ts';

describe('hasPermission', () => {
  it('grants an exact permission', () => expect(hasPermission(['org.read'], 'org.read')).toBe(true));
  it('grants every action of an area through area.*', () => {
    expect(hasPermission(['org.*'], 'org.write')).toBe(true);
    expect(hasPermission(['org.*'], 'orgx.write')).toBe(false);
  });
  it('grants everything through *', () => expect(hasPermission(['*'], 'invoices.issue')).toBe(true));
  it('refuses what no grant covers', () => expect(hasPermission(['org.read'], 'org.write')).toBe(false));
  it('does not count a scoped grant as permission for every record', () => {
    expect(hasPermission(['time.write@own'], 'time.write')).toBe(false);
    expect(hasAnyScopeOf(['time.write@own'], 'time.write')).toBe(true);
  });
});

describe('parseGrant', () => {
  it('reads a scope', () => expect(parseGrant('leave.approve@department')).toEqual({ pattern: 'leave.approve', scope: 'department' }));
  it.each(['', 'org', 'org.', 'ORG.read', 'org.read@team', 'org.read@own@own', 'org.*.read', '**'])('refuses "%s"', (grant) =>
    expect(parseGrant(grant)).toBeNull(),
  );
});
