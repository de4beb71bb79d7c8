// "Mein Konto" and the audit log in real browsers against the real server: changing the password signs
// the user's other devices out and keeps this one, ending a device from the sessions list signs that
// browser out, and an administrator finds the sign-ins, the failed sign-in, the password change and a doc
// change in the audit log — filtered in the URL — and exports them as CSV.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { orgDoc } from '@workmate/sync-protocol';
import { collectErrors, signInInBrowser } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { signIn } from '../helpers/server-process.ts';
import { DEMO_PASSWORD, buildDemoOrgDoc, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const NEW_PASSWORD = 'Gartenzaun-Blau-42';

const suite = useBrowserSuite();

type BrowserUser = { context: BrowserContext; page: Page; errors: string[] };

/** A signed-in browser: the desktop Chromium, or an "iPhone" (phone size, Safari's user agent). */
async function openAs(email: string, device: 'desktop' | 'iphone' = 'desktop', password = DEMO_PASSWORD): Promise<BrowserUser> {
  const context =
    device === 'desktop'
      ? await suite.newContext()
      : suite.track(
          await suite.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', timezoneId: 'Europe/Berlin', userAgent: IPHONE_SAFARI }),
        );
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signInInBrowser(page, suite.server.url, email, password);
  return { context, page, errors };
}

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
/** The inline error below a form field. */
const fieldError = (page: Page, name: string) => page.locator('.field', { has: field(page, name) }).locator('.error');
const sessionItems = (page: Page) => page.getByTestId('session-item');
const sessionDevices = (page: Page) => page.getByTestId('session-device').allTextContents();
const auditRows = (page: Page) => page.getByTestId('audit-entry');
const auditEvents = (page: Page) => page.getByTestId('audit-event').allTextContents();
const unconfirmed = async (page: Page) => Number(await page.getByTestId('sync-indicator').getAttribute('data-unconfirmed'));

async function openAccount(page: Page): Promise<void> {
  await page.goto(suite.server.url + '/account');
  await expect.poll(() => sessionItems(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
}

/** After the server ended its session, a browser lands on the sign-in page with the notice saying so. */
async function expectSentToSignIn(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
  await expect.poll(() => page.getByTestId('login-notice').textContent(), { timeout: 20_000 }).toContain('Sie wurden abgemeldet');
}

describe('password change', () => {
  it('refuses a wrong current and a weak new password, then signs the other device out and keeps this one', async () => {
    const desk = await openAs('teamleitung@muster-gmbh.de');
    const phone = await openAs('teamleitung@muster-gmbh.de', 'iphone');
    await openAccount(desk.page);

    await expect.poll(() => sessionItems(desk.page).count(), { timeout: 20_000 }).toBe(2);
    expect((await sessionDevices(desk.page)).sort()).toEqual(['Chrome auf Linux', 'Safari auf iPhone']);
    const current = sessionItems(desk.page).filter({ hasText: 'Dieses Gerät' });
    expect(await current.count()).toBe(1);
    expect(await current.getByTestId('session-device').textContent()).toBe('Chrome auf Linux');

    // A wrong current password: the server refuses it, the error sits at that field.
    await field(desk.page, 'currentPassword').fill('Falsch-geraten-1');
    await field(desk.page, 'newPassword').fill(NEW_PASSWORD);
    await field(desk.page, 'repeat').fill(NEW_PASSWORD);
    await desk.page.getByTestId('change-password-submit').click();
    await expect.poll(() => fieldError(desk.page, 'currentPassword').textContent(), { timeout: 20_000 }).toContain('Das aktuelle Passwort stimmt nicht');
    expect(await field(desk.page, 'currentPassword').getAttribute('aria-invalid')).toBe('true');

    // A common password: refused at the new password, the checklist says why.
    await field(desk.page, 'currentPassword').fill(DEMO_PASSWORD);
    await field(desk.page, 'newPassword').fill('passwort123');
    await field(desk.page, 'repeat').fill('passwort123');
    expect(await desk.page.locator('[data-rule="common"]').getAttribute('data-met')).toBe('false');
    await desk.page.getByTestId('change-password-submit').click();
    await expect.poll(() => fieldError(desk.page, 'newPassword').textContent(), { timeout: 20_000 }).toContain('häufig verwendeter Passwörter');
    expect(await sessionItems(desk.page).count()).toBe(2);
    expect(new URL(phone.page.url()).pathname).not.toBe('/login');

    await field(desk.page, 'newPassword').fill(NEW_PASSWORD);
    await field(desk.page, 'repeat').fill(NEW_PASSWORD);
    await expect.poll(() => desk.page.locator('[data-rule][data-met="false"]').count(), { timeout: 10_000 }).toBe(0);
    await desk.page.getByTestId('change-password-submit').click();
    await expect.poll(() => desk.page.getByTestId('toast-success').textContent(), { timeout: 20_000 }).toContain('Passwort geändert');
    expect(await field(desk.page, 'currentPassword').inputValue()).toBe('');

    await expectSentToSignIn(phone.page);
    await expect.poll(() => sessionItems(desk.page).count(), { timeout: 20_000 }).toBe(1);
    expect(await sessionDevices(desk.page)).toEqual(['Chrome auf Linux']);

    // This device stays signed in, and only the new password opens the account from now on.
    await desk.page.reload();
    await expect.poll(() => sessionItems(desk.page).count(), { timeout: 30_000 }).toBe(1);
    expect(new URL(desk.page.url()).pathname).toBe('/account');
    await expect(signIn(suite.server.url, 'teamleitung@muster-gmbh.de', DEMO_PASSWORD)).rejects.toThrow(/401/);
    expect(await signIn(suite.server.url, 'teamleitung@muster-gmbh.de', NEW_PASSWORD)).toMatch(/^wm_session=/);
    expect(desk.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  });
});

describe('signed-in devices', () => {
  it('signs another browser out from the sessions list', async () => {
    const desk = await openAs('mitarbeiter@muster-gmbh.de');
    const phone = await openAs('mitarbeiter@muster-gmbh.de', 'iphone');
    await openAccount(desk.page);
    await expect.poll(() => sessionItems(desk.page).count(), { timeout: 20_000 }).toBe(2);

    const iphone = sessionItems(desk.page).filter({ hasText: 'Safari auf iPhone' });
    expect(await iphone.getByText('Dieses Gerät').count()).toBe(0);
    await iphone.getByTestId('end-session').click();
    await desk.page.getByTestId('end-session-confirm').click();
    await expect.poll(() => desk.page.getByTestId('toast-success').textContent(), { timeout: 20_000 }).toContain('wurde abgemeldet');
    await expect.poll(() => sessionItems(desk.page).count(), { timeout: 20_000 }).toBe(1);

    await expectSentToSignIn(phone.page);
    await desk.page.getByTestId('sessions-refresh').click();
    await expect.poll(() => sessionDevices(desk.page), { timeout: 20_000 }).toEqual(['Chrome auf Linux']);
    expect(desk.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  });
});

describe('audit log', () => {
  it('shows one user’s sign-ins, failed sign-in and password change, keeps the filter over a reload, shows a doc change and exports CSV', async () => {
    const email = 'buchhaltung@muster-gmbh.de';
    // A failed sign-in in the browser, then the real one.
    const bernd = await suite.newContext();
    const berndPage = await bernd.newPage();
    await berndPage.goto(suite.server.url + '/login');
    await field(berndPage, 'email').fill(email);
    await field(berndPage, 'password').fill('Vertippt-2026');
    await berndPage.locator('button[type="submit"]').click();
    await expect.poll(() => berndPage.getByTestId('login-error').isVisible(), { timeout: 20_000 }).toBe(true);
    await signInInBrowser(berndPage, suite.server.url, email);
    // The password change through the API, as the account page sends it.
    const cookie = await signIn(suite.server.url, email, DEMO_PASSWORD);
    const changed = await fetch(`${suite.server.url}/api/account/password`, {
      method: 'POST',
      headers: { cookie, origin: suite.server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD }),
    });
    expect(changed.status).toBe(204);

    const anna = await openAs('admin@muster-gmbh.de');
    await anna.page.goto(suite.server.url + '/admin/audit');
    await expect.poll(() => auditRows(anna.page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await anna.page.getByTestId('audit-filter-user').selectOption({ label: `Bernd Keller (${email})` });
    await anna.page.waitForURL((url) => url.searchParams.has('user'), { timeout: 20_000 });
    const berndId = new URL(anna.page.url()).searchParams.get('user')!;

    const expectBerndsHistory = async () => {
      await expect.poll(() => auditEvents(anna.page), { timeout: 30_000 }).toEqual(
        expect.arrayContaining(['Passwort geändert', 'Anmeldung', 'Fehlgeschlagene Anmeldung']),
      );
      const events = await auditEvents(anna.page);
      expect(events.filter((e) => e === 'Anmeldung').length).toBeGreaterThanOrEqual(2);
      // Newest first: the password change came last.
      expect(events[0]).toBe('Passwort geändert');
      for (const row of await auditRows(anna.page).allTextContents()) expect(row).toContain('Bernd Keller');
      const failed = auditRows(anna.page).filter({ hasText: 'Fehlgeschlagene Anmeldung' });
      expect(await failed.getByTestId('audit-who').textContent()).toContain('Nicht angemeldet');
      expect(await failed.textContent()).toContain(`E-Mail: ${email}`);
    };
    await expectBerndsHistory();

    await anna.page.reload();
    expect(new URL(anna.page.url()).searchParams.get('user')).toBe(berndId);
    await expect.poll(() => anna.page.getByTestId('audit-filter-user').inputValue(), { timeout: 30_000 }).toBe(berndId);
    await expectBerndsHistory();

    // A doc change made in the browser: Anna edits an employee.
    const id = demoEmployeeId(10);
    const seeded = orgDoc.readEmployee(orgDoc.employeesOf(buildDemoOrgDoc()).get(id)!);
    await anna.page.goto(`${suite.server.url}/employees/${id}`);
    await expect.poll(() => field(anna.page, 'lastName').inputValue(), { timeout: 30_000 }).toBe(seeded.lastName);
    await field(anna.page, 'position').fill('Buchhaltung (geprüft)');
    await field(anna.page, 'position').blur();
    await expect.poll(() => unconfirmed(anna.page), { timeout: 30_000 }).toBe(0);

    await anna.page.goto(suite.server.url + '/admin/audit');
    await expect.poll(() => auditRows(anna.page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await field(anna.page, 'doc').fill('org');
    await field(anna.page, 'doc').press('Enter');
    await anna.page.waitForURL((url) => url.searchParams.get('doc') === 'org', { timeout: 20_000 });
    const annasChange = auditRows(anna.page).filter({ hasText: 'Anna Admin' }).filter({ hasText: 'Dokument geändert' });
    // The log is the server's: ask again until the change has been stored there.
    await expect
      .poll(
        async () => {
          await anna.page.getByTestId('audit-refresh').click();
          return annasChange.count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect(await annasChange.first().getByTestId('audit-doc').textContent()).toBe('Verzeichnis');
    expect(new Set(await auditEvents(anna.page))).toEqual(new Set(['Dokument geändert']));

    const [download] = await Promise.all([anna.page.waitForEvent('download', { timeout: 30_000 }), anna.page.getByTestId('audit-export-csv').click()]);
    expect(new URL(download.url()).searchParams.get('doc')).toBe('org');
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.split('\r\n')[0]).toBe('Zeitpunkt (UTC);Ereignis;Code;Benutzer;E-Mail;Betroffen;Dokument;IP;Details');
    expect(csv).toContain(';doc_changed;Anna Admin;admin@muster-gmbh.de;;org;');
    expect(anna.errors).toEqual([]);
  });

  it('shows "Kein Zugriff" to someone whose role may not read the audit log', async () => {
    const claudia = await openAs('chefin@muster-gmbh.de');
    await claudia.page.goto(suite.server.url + '/admin/audit');
    await expect.poll(() => claudia.page.getByRole('heading', { name: 'Kein Zugriff' }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await auditRows(claudia.page).count()).toBe(0);
    expect(await claudia.page.getByTestId('nav-admin-audit').count()).toBe(0);
    expect(claudia.errors).toEqual([]);
  });
});
