import { describe, expect, it } from 'vitest';
import { allPermissions, permissionCatalogue } from '@workmate/domain/access';
import { de } from '../../i18n/messages/de.ts';
import { en } from '../../i18n/messages/en.ts';
import { areaLabels, permissionLabels, reachLabels } from './permission-labels.ts';

const keys = [
  ...Object.values(areaLabels).flatMap((a) => [a.label, a.hint]),
  ...Object.values(permissionLabels).flatMap((p) => (p.hint ? [p.label, p.hint] : [p.label])),
  ...Object.values(reachLabels),
];

describe('permission labels', () => {
  it('name every area and every permission of the catalogue', () => {
    expect(Object.keys(areaLabels).sort()).toEqual(permissionCatalogue.map((a) => a.area).sort());
    expect(Object.keys(permissionLabels).sort()).toEqual([...allPermissions].sort());
  });

  it('exist in German and English', () => {
    for (const key of keys) {
      expect(de[key], key).toBeTruthy();
      expect(en[key], key).toBeTruthy();
    }
  });
});
