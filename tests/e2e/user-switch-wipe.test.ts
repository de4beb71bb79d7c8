// One person leaves a shared browser without signing out — the session expires, or the cookie is
// cleared — and another person signs in on it. The app must wipe the first person's data (the docs in
// IndexedDB, the outbox, the unload journals, the service worker's cached API answers) before the second
// person's screens open: nothing of the first person may stay on the device or show on screen.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { profileDoc } from '@workmate/sync-protocol';
import { collectErrors } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { APP_DATABASE, DOC_UPDATES_TABLE, appTableRows, cacheNames, storageMentioning } from '../helpers/device-storage.ts';
import { field } from '../helpers/directory-pages.ts';
import { buildDemoProfileDoc, DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

const FIRST = 'mitarbeiter@muster-gmbh.de'; // Max Mustermann, who may read only his own private profile
const NEXT = 'buchhaltung@muster-gmbh.de'; // Bernd Keller, who may not read Max's
const maxId = demoEmployeeId(5);
const maxProfile = `profile/${maxId}`;
/** Max's IBAN as seeded: only his private profile doc holds it. */
const maxIban = profileDoc.readProfile(buildDemoProfileDoc(5)).iban;
/** A cache like the ones the wipe removes: runtime caches of API answers (the precache stays). */
const RUNTIME_CACHE = 'workmate-api-data';

const privateSection = (page: Page) => page.getByTestId('private-profile');
const unconfirmed = async (page: Page) => Number(await page.getByTestId('sync-indicator').getAttribute('data-unconfirmed'));

async function signInOnLoginPage(page: Page, email: string): Promise<void> {
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
}

async function openMaxsPage(page: Page): Promise<void> {
  await page.goto(`${suite.server.url}/employees/${maxId}`);
  await expect.poll(() => field(page, 'lastName').inputValue(), { timeout: 30_000 }).toBe('Mustermann');
}

/**
 * Max signs in on a fresh profile, types a private emergency contact, and waits until it is stored on the
 * server and on the device. His API answers also sit in a runtime cache, as the service worker's would.
 */
async function maxLeavesDataOnTheDevice(marker: string): Promise<{ page: Page; errors: string[] }> {
  const context = await suite.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${suite.server.url}/login`);
  await signInOnLoginPage(page, FIRST);
  await openMaxsPage(page);
  await expect.poll(() => field(page, 'iban').inputValue(), { timeout: 20_000 }).not.toBe('');
  await field(page, 'emergencyContact').fill(marker);
  await expect.poll(() => storageMentioning(page, marker), { timeout: 20_000 }).toContain(`indexeddb ${APP_DATABASE}/${DOC_UPDATES_TABLE}`);
  await expect.poll(() => unconfirmed(page), { timeout: 20_000 }).toBe(0);

  const me = await page.evaluate(async () => (await fetch('/api/auth/me')).text());
  await page.evaluate(
    async ({ name, body }) => {
      const cache = await caches.open(name);
      await cache.put('/api/auth/me', new Response(body, { headers: { 'content-type': 'application/json' } }));
    },
    { name: RUNTIME_CACHE, body: me.replace(/}\s*$/, `,"note":${JSON.stringify(marker)}}`) },
  );

  // The device holds Max's private data now: the check below that it is gone can fail.
  expect(await storageMentioning(page, marker)).toEqual(
    expect.arrayContaining([`indexeddb ${APP_DATABASE}/${DOC_UPDATES_TABLE}`, `cache ${RUNTIME_CACHE} ${suite.server.url}/api/auth/me`]),
  );
  expect(await storageMentioning(page, maxIban)).toContain(`indexeddb ${APP_DATABASE}/${DOC_UPDATES_TABLE}`);
  expect((await appTableRows(page, 'docs')).map((row) => row.name)).toContain(maxProfile);
  return { page, errors };
}

/** Bernd is signed in on the page: nothing of Max's private data is on the device or on his screen. */
async function nothingOfMaxRemains(page: Page, marker: string): Promise<void> {
  const meta = await appTableRows(page, 'meta');
  expect(meta.find((row) => row.key === 'session-user')?.value).toMatchObject({ email: NEXT });

  await openMaxsPage(page);
  expect(await privateSection(page).count()).toBe(0);
  expect(await page.locator('body').innerText()).not.toContain(marker);

  expect(await storageMentioning(page, marker)).toEqual([]);
  expect(await storageMentioning(page, maxIban)).toEqual([]);
  expect((await appTableRows(page, 'docs')).map((row) => row.name)).not.toContain(maxProfile);
  expect((await appTableRows(page, DOC_UPDATES_TABLE)).filter((row) => row.k === maxProfile)).toEqual([]);
  expect(await appTableRows(page, 'outbox')).toEqual([]);
  expect((await cacheNames(page)).filter((name) => !name.startsWith('workbox-precache'))).toEqual([]);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('profile/')))).toEqual([]);
}

async function expireSessionsOf(email: string): Promise<void> {
  const client = new pg.Client({ connectionString: suite.databaseUrl });
  await client.connect();
  try {
    await client.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = $1)", [email]);
  } finally {
    await client.end();
  }
}

describe('a different user signing in without the previous one signing out', () => {
  it('wipes the previous user’s data when the next one signs in from the "session expired" banner, with the docs still open', async () => {
    const marker = 'Notfall: Erika Geheim, 0171 5550199';
    const { page, errors } = await maxLeavesDataOnTheDevice(marker);

    await expireSessionsOf(FIRST);
    // The app learns it at its next check with the server, e.g. when the network comes back; Max's
    // screen (and his private profile doc) stays open meanwhile.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const banner = page.getByTestId('session-expired');
    await banner.waitFor({ timeout: 20_000 });
    expect(await field(page, 'emergencyContact').inputValue()).toBe(marker);

    await banner.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 20_000 });
    await signInOnLoginPage(page, NEXT);
    await nothingOfMaxRemains(page, marker);
    expect(errors).toEqual([]);
  });

  it('wipes the previous user’s data when the cookie is gone and the next one opens the sign-in page in a new tab', async () => {
    const marker = 'Notfall: Hans Verborgen, 0160 5550123';
    const { page: maxsTab, errors } = await maxLeavesDataOnTheDevice(marker);

    await maxsTab.context().clearCookies();
    await maxsTab.close();
    const page = await maxsTab.context().newPage();
    const nextErrors = collectErrors(page);
    await page.goto(`${suite.server.url}/login`);
    await signInOnLoginPage(page, NEXT);
    await nothingOfMaxRemains(page, marker);
    expect([...errors, ...nextErrors]).toEqual([]);
  });
});
