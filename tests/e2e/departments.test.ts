// Departments in real Chromium against the real server: create, refuse a duplicate name, rename, and
// delete only an empty one — each change live for a colleague.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { orgDoc } from '@workmate/sync-protocol';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { ADMIN, field, openAs, openDialog, serverOrg } from '../helpers/directory-pages.ts';

const suite = useBrowserSuite();

describe('departments', () => {
  it('creates, refuses a duplicate name, renames, and deletes only an empty department — live for a colleague', async () => {
    const a = await openAs(suite, ADMIN);
    const b = await openAs(suite, 'chefin@muster-gmbh.de', 'phone');
    const rowNamed = (page: Page, name: string) =>
      page.getByTestId('department-row').filter({ has: page.getByRole('heading', { name, exact: true }) });
    for (const { page } of [a, b]) {
      await page.goto(`${suite.server.url}/departments`);
      await expect.poll(() => page.getByTestId('department-row').count(), { timeout: 20_000 }).toBe(4);
    }

    await a.page.getByTestId('new-department').click();
    await field(a.page, 'departmentName').fill('Kundendienst');
    await field(a.page, 'departmentDescription').fill('Wartungsverträge und Notdienst');
    await a.page.getByTestId('department-save').click();
    await expect.poll(() => openDialog(a.page).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => rowNamed(b.page, 'Kundendienst').count(), { timeout: 20_000 }).toBe(1);
    expect(await rowNamed(b.page, 'Kundendienst').textContent()).toContain('Wartungsverträge und Notdienst');

    await a.page.getByTestId('new-department').click();
    await field(a.page, 'departmentName').fill('vertrieb ');
    await a.page.getByTestId('department-save').click();
    await expect
      .poll(() => openDialog(a.page).getByText('Es gibt bereits eine Abteilung mit diesem Namen.').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await field(a.page, 'departmentName').getAttribute('aria-invalid')).toBe('true');
    await a.page.keyboard.press('Escape');
    await expect.poll(() => openDialog(a.page).count(), { timeout: 10_000 }).toBe(0);

    await rowNamed(a.page, 'Kundendienst').getByTestId('department-edit').click();
    expect(await field(a.page, 'departmentName').inputValue()).toBe('Kundendienst');
    await field(a.page, 'departmentName').fill('Kundenservice');
    await a.page.getByTestId('department-save').click();
    for (const { page } of [a, b]) {
      await expect.poll(() => rowNamed(page, 'Kundenservice').count(), { timeout: 20_000 }).toBe(1);
      expect(await rowNamed(page, 'Kundendienst').count()).toBe(0);
    }
    // The refused duplicate never reached the colleague: four demo departments plus Kundenservice.
    expect(await b.page.getByTestId('department-row').count()).toBe(5);

    const salesMembers = await serverOrg(suite.server, (doc) => {
      const sales = orgDoc.listDepartments(doc).find((d) => d.name === 'Vertrieb');
      return sales && orgDoc.listEmployees(doc).filter((e) => e.departmentId === sales.id).length;
    });
    await rowNamed(a.page, 'Vertrieb').getByTestId('department-delete').click();
    const refusal = openDialog(a.page);
    await expect.poll(() => refusal.getByRole('heading').textContent(), { timeout: 10_000 }).toBe('„Vertrieb“ kann nicht gelöscht werden');
    expect(await refusal.textContent()).toContain(`In dieser Abteilung sind noch ${salesMembers} Personen.`);
    expect(await refusal.getByTestId('department-delete-confirm').count()).toBe(0);
    await a.page.keyboard.press('Escape');
    await expect.poll(() => openDialog(a.page).count(), { timeout: 10_000 }).toBe(0);
    expect(await rowNamed(a.page, 'Vertrieb').count()).toBe(1);

    await rowNamed(a.page, 'Kundenservice').getByTestId('department-delete').click();
    await expect.poll(() => openDialog(a.page).getByRole('heading').textContent(), { timeout: 10_000 }).toBe('Abteilung „Kundenservice“ löschen?');
    await openDialog(a.page).getByTestId('department-delete-confirm').click();
    for (const { page } of [a, b]) {
      await expect.poll(() => rowNamed(page, 'Kundenservice').count(), { timeout: 20_000 }).toBe(0);
      expect(await rowNamed(page, 'Vertrieb').count()).toBe(1);
    }
    await serverOrg(suite.server, (doc) => !orgDoc.listDepartments(doc).some((d) => d.name === 'Kundenservice'));
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});
