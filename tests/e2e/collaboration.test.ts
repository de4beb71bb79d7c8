// Working together on one employee in real browsers against the real server: who else is here and which
// field they are in, the sync indicator through an offline spell, an expired session that loses nothing,
// undo/redo of one's own edits, and a read-only colleague who watches live without being disconnected.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import pg from 'pg';
import { orgDoc } from '@workmate/sync-protocol';
import { collectErrors, signInInBrowser } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, buildDemoOrgDoc, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

type BrowserUser = { context: BrowserContext; page: Page; errors: string[] };

async function openAs(email: string): Promise<BrowserUser> {
  const context = await suite.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signInInBrowser(page, suite.server.url, email);
  return { context, page, errors };
}

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
const syncIndicator = (page: Page) => page.getByTestId('sync-indicator');
const syncState = (page: Page) => syncIndicator(page).getAttribute('data-state');
const unconfirmed = async (page: Page) => Number(await syncIndicator(page).getAttribute('data-unconfirmed'));
/** The "… bearbeitet" marker beside one field's label. */
const fieldMarker = (page: Page, name: string) => page.locator('.field', { has: field(page, name) }).getByTestId('field-presence');
/** Names in the header's "Ebenfalls hier" avatar stack ('' while nobody else is here). */
const alsoHere = (page: Page) =>
  page.evaluate(() => document.querySelector('[data-testid="avatar-stack"]')?.getAttribute('aria-label') ?? '');

/** The demo record as seeded, so tests wait for real values instead of hard-coding them. */
const seeded = (id: string) => orgDoc.readEmployee(orgDoc.employeesOf(buildDemoOrgDoc()).get(id)!);

/** Opens an employee's page and waits until the record is on screen. */
async function openEmployee({ page }: BrowserUser, id: string): Promise<void> {
  await page.goto(`${suite.server.url}/employees/${id}`);
  await expect.poll(() => field(page, 'lastName').inputValue(), { timeout: 30_000 }).toBe(seeded(id).lastName);
}

/** What the server holds for an employee, read by a fresh y-websocket client. */
async function serverEmployee(id: string) {
  const cookie = await signIn(suite.server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
  const probe = connectNodeClient(suite.server.url, 'org', cookie);
  try {
    await waitFor(() => probe.provider.synced && orgDoc.employeesOf(probe.doc).get(id), { timeoutMs: 20_000, what: 'probe to sync' });
    const record = orgDoc.employeesOf(probe.doc).get(id)!;
    return { ...orgDoc.readEmployee(record), notes: orgDoc.employeeNotes(record).toString() };
  } finally {
    probe.destroy();
  }
}

/** Revokes every session of a user on the server, as an administrator or an expiry would. */
async function revokeSessions(email: string): Promise<number> {
  const db = new pg.Client({ connectionString: suite.databaseUrl });
  await db.connect();
  try {
    const { rowCount } = await db.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE lower(email) = lower($1))', [email]);
    return rowCount ?? 0;
  } finally {
    await db.end();
  }
}

describe('presence', () => {
  it('shows who else has the employee open, which field they are editing, and who is online on the dashboard', async () => {
    const id = demoEmployeeId(3);
    const anna = await openAs('admin@muster-gmbh.de');
    const claudia = await openAs('chefin@muster-gmbh.de');
    await openEmployee(anna, id);
    await openEmployee(claudia, id);

    await expect.poll(() => alsoHere(anna.page), { timeout: 20_000 }).toBe('Ebenfalls hier: Claudia Berger');
    await expect.poll(() => alsoHere(claudia.page), { timeout: 20_000 }).toBe('Ebenfalls hier: Anna Admin');

    await field(anna.page, 'position').focus();
    await expect.poll(() => fieldMarker(claudia.page, 'position').textContent(), { timeout: 20_000 }).toBe('Anna bearbeitet');
    expect(await claudia.page.getByTestId('field-presence').count()).toBe(1);
    await field(anna.page, 'position').blur();
    await expect.poll(() => claudia.page.getByTestId('field-presence').count(), { timeout: 20_000 }).toBe(0);

    await anna.page.goto(suite.server.url + '/');
    const claudiaOnline = anna.page.getByTestId('online-peer').filter({ hasText: 'Claudia Berger' });
    await expect.poll(() => claudiaOnline.count(), { timeout: 20_000 }).toBe(1);
    const { firstName, lastName } = seeded(id);
    await expect.poll(() => claudiaOnline.textContent(), { timeout: 20_000 }).toContain(`sieht ${firstName} ${lastName} an`);
    // Anna left the employee page, so Claudia is alone there now.
    await expect.poll(() => alsoHere(claudia.page), { timeout: 20_000 }).toBe('');

    expect(anna.errors).toEqual([]);
    expect(claudia.errors).toEqual([]);
  });
});

describe('sync indicator', () => {
  it('counts an offline edit as unconfirmed and returns to online with nothing unconfirmed once the server has it', async () => {
    const id = demoEmployeeId(8);
    const anna = await openAs('admin@muster-gmbh.de');
    await openEmployee(anna, id);
    await expect.poll(() => syncState(anna.page), { timeout: 20_000 }).toBe('online');
    await expect.poll(() => unconfirmed(anna.page), { timeout: 20_000 }).toBe(0);

    await anna.context.setOffline(true);
    await expect.poll(() => syncState(anna.page), { timeout: 20_000 }).toBe('offline');
    await field(anna.page, 'position').fill('Lagerleitung (offline geändert)');
    await expect.poll(() => unconfirmed(anna.page), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await syncState(anna.page)).toBe('offline');

    await anna.context.setOffline(false);
    await expect.poll(() => syncState(anna.page), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => unconfirmed(anna.page), { timeout: 30_000 }).toBe(0);
    expect((await serverEmployee(id)).position).toBe('Lagerleitung (offline geändert)');
    expect(anna.errors).toEqual([]);
  });
});

describe('expired session', () => {
  it('keeps local editing while the session is expired and delivers the edits after signing in again', async () => {
    const id = demoEmployeeId(9);
    const petra = await openAs('personal@muster-gmbh.de');
    const claudia = await openAs('chefin@muster-gmbh.de');
    await openEmployee(petra, id);
    await openEmployee(claudia, id);

    await field(petra.page, 'position').fill('Vor dem Ablauf');
    await expect.poll(() => field(claudia.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Vor dem Ablauf');
    await expect.poll(() => unconfirmed(petra.page), { timeout: 20_000 }).toBe(0);

    expect(await revokeSessions('personal@muster-gmbh.de')).toBeGreaterThan(0);
    // The open socket was authenticated at upgrade; dropping the network makes the app reconnect and ask again.
    await petra.context.setOffline(true);
    await expect.poll(() => syncState(petra.page), { timeout: 20_000 }).toBe('offline');
    await petra.context.setOffline(false);

    const banner = petra.page.getByTestId('session-expired');
    await expect.poll(() => banner.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => syncState(petra.page), { timeout: 20_000 }).toBe('expired');

    await field(petra.page, 'position').fill('Während abgelaufen');
    await field(petra.page, 'notes').focus();
    await petra.page.keyboard.press('ControlOrMeta+End');
    await petra.page.keyboard.type(' Notiz ohne Sitzung.');
    await expect.poll(() => unconfirmed(petra.page), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await field(petra.page, 'position').inputValue()).toBe('Während abgelaufen');
    expect(await syncState(petra.page)).toBe('expired');
    // Nothing of it may reach the server or a colleague while the session is not accepted.
    const meanwhile = await serverEmployee(id);
    expect(meanwhile.position).toBe('Vor dem Ablauf');
    expect(meanwhile.notes).not.toContain('Notiz ohne Sitzung');
    expect(await field(claudia.page, 'position').inputValue()).toBe('Vor dem Ablauf');

    await banner.getByRole('link', { name: 'Erneut anmelden' }).click();
    await petra.page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
    expect(new URL(petra.page.url()).searchParams.get('next')).toBe(`/employees/${id}`);
    await field(petra.page, 'email').fill('personal@muster-gmbh.de');
    await field(petra.page, 'password').fill(DEMO_PASSWORD);
    await petra.page.locator('button[type="submit"]').click();
    await petra.page.waitForURL((url) => url.pathname === `/employees/${id}`, { timeout: 30_000 });

    await expect.poll(() => field(petra.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Während abgelaufen');
    expect(await field(petra.page, 'notes').inputValue()).toContain('Notiz ohne Sitzung.');
    await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => syncState(petra.page), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => unconfirmed(petra.page), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => field(claudia.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Während abgelaufen');
    await expect.poll(() => field(claudia.page, 'notes').inputValue(), { timeout: 20_000 }).toContain('Notiz ohne Sitzung.');
    const stored = await serverEmployee(id);
    expect(stored.position).toBe('Während abgelaufen');
    expect(stored.notes).toContain('Notiz ohne Sitzung.');
    expect(petra.errors).toEqual([]);
    expect(claudia.errors).toEqual([]);
  });
});

describe('undo and redo', () => {
  it('undoes and redoes the user’s own edit with the keyboard and the buttons, live for a colleague', async () => {
    const id = demoEmployeeId(12);
    const before = seeded(id).position;
    const anna = await openAs('admin@muster-gmbh.de');
    const claudia = await openAs('chefin@muster-gmbh.de');
    await openEmployee(anna, id);
    await openEmployee(claudia, id);
    const undo = anna.page.getByTestId('undo');
    const redo = anna.page.getByTestId('redo');
    expect(await undo.isDisabled()).toBe(true);
    expect(await redo.isDisabled()).toBe(true);

    await field(anna.page, 'position').fill('Teamleitung Logistik');
    await expect.poll(() => field(claudia.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Teamleitung Logistik');
    await expect.poll(() => undo.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await redo.isDisabled()).toBe(true);

    await anna.page.keyboard.press('Control+z');
    await expect.poll(() => field(anna.page, 'position').inputValue(), { timeout: 10_000 }).toBe(before);
    await expect.poll(() => field(claudia.page, 'position').inputValue(), { timeout: 20_000 }).toBe(before);
    await expect.poll(() => redo.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await undo.isDisabled()).toBe(true);

    await anna.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => field(anna.page, 'position').inputValue(), { timeout: 10_000 }).toBe('Teamleitung Logistik');
    await expect.poll(() => field(claudia.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Teamleitung Logistik');
    await expect.poll(() => undo.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await redo.isDisabled()).toBe(true);

    await undo.click();
    await expect.poll(() => field(claudia.page, 'position').inputValue(), { timeout: 20_000 }).toBe(before);
    await expect.poll(() => redo.isEnabled(), { timeout: 10_000 }).toBe(true);
    await field(anna.page, 'position').focus();
    await anna.page.keyboard.press('Control+y');
    await expect.poll(() => field(claudia.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Teamleitung Logistik');
    await expect.poll(() => redo.isDisabled(), { timeout: 10_000 }).toBe(true);

    await expect.poll(async () => (await serverEmployee(id)).position, { timeout: 20_000 }).toBe('Teamleitung Logistik');
    expect(anna.errors).toEqual([]);
    expect(claudia.errors).toEqual([]);
  });
});

describe('read-only access', () => {
  it('shows a reader the employee read-only and keeps them connected and live across a reconnect', async () => {
    const id = demoEmployeeId(14);
    const max = await openAs('mitarbeiter@muster-gmbh.de');
    const anna = await openAs('admin@muster-gmbh.de');
    await openEmployee(max, id);
    await openEmployee(anna, id);

    await expect.poll(() => max.page.getByText('Nur lesen').isVisible(), { timeout: 20_000 }).toBe(true);
    for (const name of ['firstName', 'lastName', 'position', 'phone']) expect(await field(max.page, name).isEditable()).toBe(false);
    for (const name of ['departmentId', 'status', 'employmentType']) expect(await field(max.page, name).isDisabled()).toBe(true);
    expect(await field(max.page, 'notes').isEditable()).toBe(false);
    expect(await max.page.getByTestId('undo').count()).toBe(0);
    await expect.poll(() => syncState(max.page), { timeout: 20_000 }).toBe('online');

    await field(anna.page, 'position').fill('Lagerist (live)');
    await expect.poll(() => field(max.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Lagerist (live)');
    expect(await syncState(max.page)).toBe('online');

    // A reader's replica now holds deletions (the overwritten position); reconnecting sends them back to
    // the server in sync step 2, which must not count as a write.
    await max.page.reload();
    await expect.poll(() => field(max.page, 'position').inputValue(), { timeout: 30_000 }).toBe('Lagerist (live)');
    await expect.poll(() => syncState(max.page), { timeout: 30_000 }).toBe('online');
    await field(anna.page, 'position').fill('Lagerist (nach dem Neuladen)');
    await expect.poll(() => field(max.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Lagerist (nach dem Neuladen)');

    await max.context.setOffline(true);
    await expect.poll(() => syncState(max.page), { timeout: 20_000 }).toBe('offline');
    await max.context.setOffline(false);
    await expect.poll(() => syncState(max.page), { timeout: 30_000 }).toBe('online');
    await field(anna.page, 'position').fill('Lagerist (nach dem Offline-Moment)');
    await expect.poll(() => field(max.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Lagerist (nach dem Offline-Moment)');
    expect(await syncState(max.page)).toBe('online');
    expect(await max.page.getByText('Synchronisierung gestoppt').count()).toBe(0);
    expect(max.errors).toEqual([]);
    expect(anna.errors).toEqual([]);
  });
});
