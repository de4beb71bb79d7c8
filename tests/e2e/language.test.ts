// Switching the UI language in real Chromium: English texts and dates in the directory, kept across a
// reload.
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { ADMIN, openAs } from '../helpers/directory-pages.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

describe('language', () => {
  it('switches the UI to English, formats list dates the English way, and keeps the choice across a reload', async () => {
    const { page, errors } = await openAs(suite, ADMIN);
    await page.goto(`${suite.server.url}/employees`);
    const anna = page.locator(`[data-testid="employee-row"][data-id="${demoEmployeeId(0)}"]`);
    await expect.poll(() => anna.count(), { timeout: 20_000 }).toBe(1);
    expect(await anna.textContent()).toContain('01.03.2018');
    expect(await page.getByTestId('nav-employees').innerText()).toBe('Mitarbeitende');

    await page.getByTestId('language-en').click();
    const showsEnglish = async () => {
      await expect.poll(() => page.getByTestId('nav-employees').innerText(), { timeout: 20_000 }).toBe('Employees');
      await expect.poll(() => anna.textContent(), { timeout: 20_000 }).toContain('01/03/2018');
      expect(await anna.textContent()).toContain('Active');
      expect(await page.getByTestId('employee-count').textContent()).toMatch(/^\d+ people$/);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
    };
    await showsEnglish();

    await page.reload();
    await showsEnglish();
    expect(await page.getByTestId('language-en').getAttribute('aria-checked')).toBe('true');
    expect(errors).toEqual([]);
  });
});
