import { describe, expect, it } from 'vitest';
import { hasPermission } from './permissions.ts';

describe('hasPermission', () => {
  it('grants an exact permission', () => expect(hasPermission(['org.read'], 'org.read')).toBe(true));
  it('grants every action of an area through area.*', () => {
    expect(hasPermission(['org.*'], 'org.write')).toBe(true);
    expect(hasPermission(['org.*'], 'orgx.write')).toBe(false);
  });
  it('grants everything through *', () => expect(hasPermission(['*'], 'invoices.issue')).toBe(true));
  it('refuses what no grant covers', () => expect(hasPermission(['org.read'], 'org.write')).toBe(false));
});
