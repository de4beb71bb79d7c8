// Debian's Chromium driven by playwright-core. A missing browser fails the test run: browser tests are
// required, never skipped.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (own IndexedDB, cookies, service worker) at phone or desktop size. */
export async function newContext(browser: Browser, size: 'phone' | 'desktop' = 'desktop'): Promise<BrowserContext> {
  const viewport = size === 'phone' ? { width: 390, height: 844 } : { width: 1440, height: 900 };
  return browser.newContext({ viewport, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
}

/** Collects page errors so a test can assert none happened. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function signInInBrowser(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(baseUrl + '/login');
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

/**
 * Clicks a sign-out control and waits until the sign-in page has loaded as a new document: the app wipes
 * the device and then replaces the page (a full load), so navigating before that load would be cut off.
 */
export async function signOutInBrowser(page: Page, signOut: Locator): Promise<void> {
  const loaded = page.waitForEvent('load', { timeout: 30_000 });
  await signOut.click();
  await loaded;
  await page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
}

/**
 * Waits until the app's service worker controls the page, so the page keeps working with the network
 * cut. The worker claims open pages once it has precached the shell and activated; should the page
 * have missed that claim (it navigated while the worker was activating), a reload (up to three) puts it
 * under the active worker. Fails with the registration's state, which says where installing stopped.
 */
export async function untilServiceWorkerControls(page: Page, timeoutMs = 60_000): Promise<void> {
  const controlled = () => page.evaluate(() => navigator.serviceWorker?.controller != null);
  const active = await page
    .waitForFunction(() => navigator.serviceWorker?.getRegistration().then((r) => r?.active?.state === 'activated'), null, { timeout: timeoutMs, polling: 100 })
    .then(() => true, () => false);
  // Reloads until a load is controlled: in a CI run on a busy machine Chromium once left the first reload
  // after activation uncontrolled (registration active, controller null); a later reload is controlled.
  for (let reloads = 0; active && reloads < 3; reloads++) {
    if (await controlled()) return;
    if (await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: reloads === 0 ? 2_000 : 5_000 }).then(() => true, () => false)) return;
    await page.reload();
  }
  if (active && (await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 10_000 }).then(() => true, () => false))) return;
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker?.getRegistration();
    return {
      registered: Boolean(registration),
      installing: registration?.installing?.state ?? null,
      waiting: registration?.waiting?.state ?? null,
      active: registration?.active?.state ?? null,
      controller: navigator.serviceWorker?.controller?.state ?? null,
    };
  });
  throw new Error(`the service worker does not control ${page.url()} after ${timeoutMs} ms: ${JSON.stringify(state)}`);
}
