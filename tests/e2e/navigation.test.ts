// The dock in real Chromium: the admin's areas reached with the keyboard on a desktop, and a bottom dock
// with an account sheet that signs out on a phone.
import { describe, expect, it } from 'vitest';
import { signOutInBrowser } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { ADMIN, openAs, openDialog } from '../helpers/directory-pages.ts';

const suite = useBrowserSuite();

describe('navigation', () => {
  it('lists the admin’s areas in the dock and reaches them with the keyboard from the skip link', async () => {
    const { page, errors } = await openAs(suite, ADMIN);
    await page.goto(`${suite.server.url}/`);
    const dock = page.getByRole('navigation', { name: 'Hauptnavigation' });
    // The business areas, then the admin's "Verwaltung" group; the own account is the name at the bottom.
    await expect
      .poll(() => dock.locator('a[data-testid^="nav-"]:not([data-testid="nav-my-account"])').allInnerTexts(), { timeout: 20_000 })
      .toEqual(['Dashboard', 'Mitarbeitende', 'Abteilungen', 'Benutzer', 'Rollen', 'Audit-Log']);
    expect(await page.getByTestId('nav-account').count()).toBe(0);
    expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');

    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent?.trim() ?? '');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Zum Inhalt springen');
    for (let presses = 0; presses < 3 && (await focused()) !== 'nav-dashboard'; presses++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('nav-dashboard');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('nav-employees');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('nav-departments');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('nav-employees');

    await page.keyboard.press('Enter');
    await page.waitForURL(`${suite.server.url}/employees`, { timeout: 20_000 });
    await expect.poll(() => page.getByTestId('nav-employees').getAttribute('aria-current'), { timeout: 10_000 }).toBe('page');
    expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBeNull();
    expect(await page.getByTestId('nav-departments').getAttribute('aria-current')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('puts the dock at the bottom on a phone, with an account sheet that signs out', async () => {
    const { page, errors } = await openAs(suite, ADMIN, 'phone');
    await page.goto(`${suite.server.url}/employees`);
    const dock = page.getByRole('navigation', { name: 'Hauptnavigation' });
    await expect.poll(() => dock.locator('a[data-testid^="nav-"]').allInnerTexts(), { timeout: 20_000 }).toEqual(['Dashboard', 'Mitarbeitende', 'Abteilungen']);
    const box = (await dock.boundingBox())!;
    expect(Math.round(box.y + box.height)).toBe(844);
    expect(Math.round(box.width)).toBe(390);
    expect(await page.getByTestId('nav-employees').getAttribute('aria-current')).toBe('page');

    await page.getByTestId('nav-account').click();
    const sheet = openDialog(page);
    await expect.poll(() => sheet.getByRole('heading', { level: 2 }).first().textContent(), { timeout: 10_000 }).toBe('Konto');
    expect(await sheet.textContent()).toContain(ADMIN);
    await signOutInBrowser(page, sheet.getByTestId('sign-out'));
    await expect.poll(() => page.locator('input[name="email"]').count(), { timeout: 20_000 }).toBe(1);
    expect(errors).toEqual([]);
  });
});
