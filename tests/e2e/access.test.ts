// Access in real browsers: private details only for HR and the person, a device wiped on sign-out so the
// next person sees nothing of the previous one, a warning before unconfirmed changes would be lost, and
// the built app running under our Content-Security-Policy without a single violation.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { profileDoc } from '@workmate/sync-protocol';
import { collectErrors, signInInBrowser, signOutInBrowser, untilServiceWorkerControls } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, buildDemoProfileDoc, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

type BrowserUser = { context: BrowserContext; page: Page; errors: string[]; cspViolations: string[] };

/** A fresh profile that records every CSP violation the page reports. */
async function openContext(size: 'phone' | 'desktop' = 'desktop'): Promise<BrowserUser> {
  const context = await suite.newContext(size);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (globalThis as unknown as { __csp: string[] }).__csp ??= [];
      (globalThis as unknown as { __csp: string[] }).__csp.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, page, errors, cspViolations };
}

async function openAs(email: string, size: 'phone' | 'desktop' = 'desktop'): Promise<BrowserUser> {
  const user = await openContext(size);
  await signInInBrowser(user.page, suite.server.url, email);
  return user;
}

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
const privateSection = (page: Page) => page.getByTestId('private-profile');
const reportedViolations = (page: Page) => page.evaluate(() => (globalThis as unknown as { __csp?: string[] }).__csp ?? []);

/** Names of this origin's IndexedDB databases. */
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
/** The doc names stored in the app's database ([] when it does not exist). */
const storedDocs = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const request = indexedDB.open('workmate');
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onerror = () => resolve([]);
        request.onsuccess = () => {
          // Closed at once: an open connection would block the app's own database deletion.
          const db = request.result;
          if (!db.objectStoreNames.contains('docs')) {
            db.close();
            return resolve([]);
          }
          const all = db.transaction('docs').objectStore('docs').getAllKeys();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map(String));
          };
          all.onerror = () => {
            db.close();
            reject(all.error);
          };
        };
      }),
  );

async function openEmployee(page: Page, id: string): Promise<void> {
  await page.goto(`${suite.server.url}/employees/${id}`);
  await expect.poll(() => field(page, 'lastName').inputValue(), { timeout: 30_000 }).not.toBe('');
}

/** The profile the server holds, read by a fresh y-websocket client as HR. */
async function serverProfile(employeeId: string) {
  const cookie = await signIn(suite.server.url, 'personal@muster-gmbh.de', DEMO_PASSWORD);
  const probe = connectNodeClient(suite.server.url, `profile/${employeeId}`, cookie);
  try {
    await waitFor(() => probe.provider.synced, { timeoutMs: 20_000, what: 'probe to sync' });
    return profileDoc.readProfile(probe.doc);
  } finally {
    probe.destroy();
  }
}

const maxId = demoEmployeeId(5); // Max Mustermann, the demo Mitarbeiter
const seededProfile = (index: number) => profileDoc.readProfile(buildDemoProfileDoc(index));

describe('private details', () => {
  it('lets HR edit an employee’s bank details, shows them live to that employee, and to nobody else', async () => {
    const hr = await openAs('personal@muster-gmbh.de');
    const max = await openAs('mitarbeiter@muster-gmbh.de', 'phone');
    await openEmployee(hr.page, maxId);
    await openEmployee(max.page, maxId);
    await expect.poll(() => field(hr.page, 'city').inputValue(), { timeout: 20_000 }).toBe(seededProfile(5).city);
    await expect.poll(() => field(max.page, 'city').inputValue(), { timeout: 20_000 }).toBe(seededProfile(5).city);

    await field(hr.page, 'iban').fill('DE89 3704 0044 0532 0130 01');
    await hr.page.locator('.field', { has: field(hr.page, 'iban') }).getByText('Diese IBAN ist ungültig').waitFor({ timeout: 10_000 });
    await field(hr.page, 'iban').fill('de89 3704 0044 0532 0130 00');
    await expect.poll(() => field(max.page, 'iban').inputValue(), { timeout: 20_000 }).toBe('DE89 3704 0044 0532 0130 00');
    await expect.poll(async () => (await serverProfile(maxId)).iban, { timeout: 20_000 }).toBe('DE89370400440532013000');

    // Max may keep his own address up to date.
    await field(max.page, 'street').fill('Neue Straße 5');
    await expect.poll(() => field(hr.page, 'street').inputValue(), { timeout: 20_000 }).toBe('Neue Straße 5');

    // A colleague's private details are not Max's business: no section, and no profile doc on his device.
    const colleague = demoEmployeeId(7);
    await openEmployee(max.page, colleague);
    expect(await privateSection(max.page).count()).toBe(0);
    expect(await storedDocs(max.page)).not.toContain(`profile/${colleague}`);
    expect([...hr.errors, ...max.errors]).toEqual([]);
  });
});

describe('sign-out on a shared device', () => {
  it('wipes every database and journal of the app, so the next person sees nothing of the previous one', async () => {
    const first = await openAs('personal@muster-gmbh.de');
    const someone = demoEmployeeId(9);
    await openEmployee(first.page, someone);
    await expect.poll(() => field(first.page, 'city').inputValue(), { timeout: 20_000 }).toBe(seededProfile(9).city);
    expect(await storedDocs(first.page)).toContain(`profile/${someone}`);

    await signOutInBrowser(first.page, first.page.getByTestId('sign-out').first());
    await expect.poll(() => databases(first.page), { timeout: 10_000 }).not.toContain('workmate');
    // Polled: the sign-out may still be navigating, which destroys the page's execution context.
    await expect
      .poll(() => first.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('workmate.journal.'))), { timeout: 10_000 })
      .toEqual([]);

    // The next person on this browser: nothing of HR's data, and no way to it.
    await signInInBrowser(first.page, suite.server.url, 'mitarbeiter@muster-gmbh.de');
    await openEmployee(first.page, someone);
    expect(await privateSection(first.page).count()).toBe(0);
    expect(await storedDocs(first.page)).not.toContain(`profile/${someone}`);
    await first.page.goto(`${suite.server.url}/`);
    await first.page.getByText('Max Mustermann', { exact: false }).first().waitFor({ timeout: 20_000 });
    expect(first.errors).toEqual([]);
  });

  it('warns with the count before signing out would throw away changes the server has not confirmed', async () => {
    const user = await openAs('chefin@muster-gmbh.de');
    await openEmployee(user.page, demoEmployeeId(10));
    await untilServiceWorkerControls(user.page);
    await user.context.setOffline(true);
    await field(user.page, 'position').fill('Offline geändert');
    await expect.poll(async () => Number(await user.page.getByTestId('sync-indicator').getAttribute('data-unconfirmed')), { timeout: 10_000 }).toBeGreaterThan(0);

    await user.page.getByTestId('sign-out').first().click();
    const dialog = user.page.getByRole('alertdialog');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toContain('nicht bestätigt');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(await field(user.page, 'position').inputValue()).toBe('Offline geändert');
    expect(await databases(user.page)).toContain('workmate');

    // Back online the change reaches the server, and signing out needs no confirmation.
    await user.context.setOffline(false);
    await expect.poll(async () => Number(await user.page.getByTestId('sync-indicator').getAttribute('data-unconfirmed')), { timeout: 30_000 }).toBe(0);
    await signOutInBrowser(user.page, user.page.getByTestId('sign-out').first());
    expect(user.errors).toEqual([]);
  });
});

describe('content security policy', () => {
  it('runs every screen of the built app without a single CSP violation', async () => {
    const user = await openContext();
    await user.page.goto(`${suite.server.url}/login`);
    await signInInBrowser(user.page, suite.server.url, 'admin@muster-gmbh.de');
    const screens = ['/', '/employees', `/employees/${maxId}`, '/departments', '/account', '/admin/users', '/admin/roles', '/admin/audit'];
    for (const path of screens) {
      await user.page.goto(suite.server.url + path);
      await user.page.locator('main').waitFor({ timeout: 30_000 });
      await user.page.waitForLoadState('networkidle');
    }
    // An edit and a dialog exercise dynamic styles (field accents, popovers).
    await user.page.goto(`${suite.server.url}/employees/${maxId}`);
    await field(user.page, 'position').fill('CSP-Probe');
    await user.page.getByTestId('sync-indicator').click();
    await user.page.goto(`${suite.server.url}/departments`);
    await user.page.getByTestId('new-department').click();
    await user.page.getByRole('dialog').waitFor();

    expect(await reportedViolations(user.page)).toEqual([]);
    expect(user.cspViolations).toEqual([]);
    expect(user.errors).toEqual([]);
  });
});
