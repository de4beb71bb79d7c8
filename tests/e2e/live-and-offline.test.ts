// Two people in two browsers on the real server: live co-editing, offline editing across a reload, and a
// server killed with SIGKILL while both keep typing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { orgDoc } from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { collectErrors, launchBrowser, newContext, signInInBrowser, untilServiceWorkerControls } from '../helpers/browser.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

let browser: Browser;
let server: ServerProcess;
let dropDatabase: () => Promise<void>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  server = await startServerProcess({ DATABASE_URL: database.url });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await dropDatabase?.();
});

async function openAs(email: string, size: 'phone' | 'desktop' = 'desktop'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await newContext(browser, size);
  contexts.push(context);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signInInBrowser(page, server.url, email);
  return { context, page, errors };
}

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);

/** What the server holds for an employee, read by a fresh y-websocket client. */
async function serverEmployee(id: string) {
  const cookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
  const probe = connectNodeClient(server.url, 'org', cookie);
  try {
    await waitFor(() => probe.provider.synced && orgDoc.employeesOf(probe.doc).get(id), { what: 'probe to sync' });
    const record = orgDoc.employeesOf(probe.doc).get(id)!;
    return { ...orgDoc.readEmployee(record), notes: orgDoc.employeeNotes(record).toString() };
  } finally {
    probe.destroy();
  }
}

const maxId = demoEmployeeId(5);

describe('live co-editing', () => {
  it('shows one user’s edit to the other without reload, and merges simultaneous edits of different fields', async () => {
    const a = await openAs('admin@muster-gmbh.de');
    const b = await openAs('chefin@muster-gmbh.de', 'phone');
    await a.page.goto(`${server.url}/employees/${maxId}`);
    await b.page.goto(`${server.url}/employees/${maxId}`);
    await expect.poll(() => field(b.page, 'firstName').inputValue(), { timeout: 20_000 }).toBe('Max');

    await field(a.page, 'firstName').fill('Maximilian');
    await expect.poll(() => field(b.page, 'firstName').inputValue(), { timeout: 10_000 }).toBe('Maximilian');

    await Promise.all([field(a.page, 'position').fill('Elektromeister'), field(b.page, 'phone').fill('+49 171 5550123')]);
    for (const { page } of [a, b]) {
      await expect.poll(() => field(page, 'position').inputValue(), { timeout: 10_000 }).toBe('Elektromeister');
      await expect.poll(() => field(page, 'phone').inputValue(), { timeout: 10_000 }).toBe('+49 171 5550123');
    }
    await expect.poll(async () => (await serverEmployee(maxId)).position, { timeout: 10_000 }).toBe('Elektromeister');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});

describe('offline', () => {
  it('keeps an offline edit across a reload and delivers it when back online', async () => {
    const a = await openAs('admin@muster-gmbh.de');
    const b = await openAs('personal@muster-gmbh.de');
    const id = demoEmployeeId(7);
    await a.page.goto(`${server.url}/employees/${id}`);
    await b.page.goto(`${server.url}/employees/${id}`);
    await expect.poll(() => field(a.page, 'lastName').inputValue(), { timeout: 20_000 }).toBe('Becker');
    // The service worker must control the page before we cut the network.
    await untilServiceWorkerControls(a.page);

    await a.context.setOffline(true);
    await field(a.page, 'position').fill('Außendienst Nord (offline)');
    await a.page.reload();
    await expect.poll(() => field(a.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Außendienst Nord (offline)');
    expect(await field(b.page, 'position').inputValue()).toBe('Außendienst');

    await a.context.setOffline(false);
    await expect.poll(() => field(b.page, 'position').inputValue(), { timeout: 20_000 }).toBe('Außendienst Nord (offline)');
    await expect.poll(async () => (await serverEmployee(id)).position, { timeout: 10_000 }).toBe('Außendienst Nord (offline)');
  });
});

describe('server killed', () => {
  it('loses no edit from two browsers made before, during and after a SIGKILL', async () => {
    const a = await openAs('admin@muster-gmbh.de');
    const b = await openAs('chefin@muster-gmbh.de');
    const id = demoEmployeeId(11);
    for (const { page } of [a, b]) {
      await page.goto(`${server.url}/employees/${id}`);
      await expect.poll(() => field(page, 'lastName').inputValue(), { timeout: 20_000 }).toBe('Richter');
    }
    const notesA = field(a.page, 'notes');
    const notesB = field(b.page, 'notes');
    const typeAtEnd = async (page: Page, text: string) => {
      const notes = field(page, 'notes');
      await notes.focus();
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.type(text);
    };
    await typeAtEnd(a.page, 'A1 ');
    await typeAtEnd(b.page, 'B1 ');
    await expect.poll(async () => (await notesA.inputValue()).includes('B1') && (await notesB.inputValue()).includes('A1'), { timeout: 30_000 }).toBe(true);

    await server.stop('SIGKILL');
    await typeAtEnd(a.page, 'A2 ');
    await typeAtEnd(b.page, 'B2 ');
    await server.restart();
    await typeAtEnd(a.page, 'A3 ');
    await typeAtEnd(b.page, 'B3 ');

    const all = ['A1', 'B1', 'A2', 'B2', 'A3', 'B3'];
    for (const notes of [notesA, notesB]) {
      await expect.poll(async () => { const v = await notes.inputValue(); return all.filter((t) => v.includes(t)); }, { timeout: 30_000 }).toEqual(all);
    }
    await expect.poll(async () => { const v = (await serverEmployee(id)).notes; return all.filter((t) => v.includes(t)); }, { timeout: 30_000 }).toEqual(all);
  });
});
