// Field validation on an employee's page in real Chromium: invalid values are refused without being
// written to the shared doc, and a German decimal comma is stored as a number.
import { describe, expect, it } from 'vitest';
import { orgDoc } from '@workmate/sync-protocol';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { ADMIN, field, openAs, serverOrg } from '../helpers/directory-pages.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

describe('field validation', () => {
  it('refuses an invalid email and 70 weekly hours without writing them, and stores "38,5" hours as 38.5', async () => {
    const id = demoEmployeeId(8);
    const a = await openAs(suite, ADMIN);
    const b = await openAs(suite, 'chefin@muster-gmbh.de', 'phone');
    for (const { page } of [a, b]) {
      await page.goto(`${suite.server.url}/employees/${id}`);
      await expect.poll(() => field(page, 'email').inputValue(), { timeout: 20_000 }).toBe('lea.fischer@muster-gmbh.de');
    }
    expect(await field(b.page, 'weeklyHours').inputValue()).toBe('25');

    await field(a.page, 'email').fill('max@');
    await expect.poll(() => field(a.page, 'email').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    expect(await a.page.getByText('Bitte eine gültige E-Mail-Adresse eingeben, z. B. name@firma.de.').count()).toBe(1);
    await field(a.page, 'weeklyHours').fill('70');
    await expect.poll(() => field(a.page, 'weeklyHours').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    expect(await a.page.getByText('Bitte eine Zahl zwischen 0 und 60 eingeben.').count()).toBe(1);
    expect(await field(a.page, 'email').inputValue()).toBe('max@');

    // A valid edit made afterwards travels the same socket: once b has it, b would have had the others.
    await field(a.page, 'position').fill('Innendienst Süd');
    await expect.poll(() => field(b.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Innendienst Süd');
    expect(await field(b.page, 'email').inputValue()).toBe('lea.fischer@muster-gmbh.de');
    expect(await field(b.page, 'weeklyHours').inputValue()).toBe('25');
    const stored = await serverOrg(suite.server, (doc) => {
      const record = orgDoc.employeesOf(doc).get(id);
      return record && orgDoc.readEmployee(record).position === 'Innendienst Süd' && orgDoc.readEmployee(record);
    });
    expect(stored).toMatchObject({ email: 'lea.fischer@muster-gmbh.de', weeklyHours: 25 });

    await field(a.page, 'weeklyHours').fill('38,5');
    await expect.poll(() => field(a.page, 'weeklyHours').getAttribute('aria-invalid'), { timeout: 10_000 }).toBeNull();
    await expect.poll(() => field(b.page, 'weeklyHours').inputValue(), { timeout: 20_000 }).toMatch(/^38[,.]5$/);
    await serverOrg(suite.server, (doc) => {
      const record = orgDoc.employeesOf(doc).get(id);
      return record && orgDoc.readEmployee(record).weeklyHours === 38.5;
    });

    // Escape drops the invalid draft and shows the stored address again.
    await field(a.page, 'email').press('Escape');
    await expect.poll(() => field(a.page, 'email').inputValue(), { timeout: 10_000 }).toBe('lea.fischer@muster-gmbh.de');
    expect(await field(a.page, 'email').getAttribute('aria-invalid')).toBeNull();
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
