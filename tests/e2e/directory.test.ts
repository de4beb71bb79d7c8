// The company directory in real Chromium against the real server: a list of 5,025 people that stays
// small in the DOM, search, filters and sort; creating employees and departments live for a colleague;
// the dock, the language switch and field validation.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { orgDoc, type Employee, type EmployeeFields } from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { collectErrors, launchBrowser, newContext, signInInBrowser, signOutInBrowser, untilServiceWorkerControls } from '../helpers/browser.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const ADMIN = 'admin@muster-gmbh.de';

let browser: Browser;
/** A fresh demo company (25 people): numbering, departments, navigation, language, validation. */
let demo: ServerProcess;
const cleanups: Array<() => Promise<unknown>> = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  const database = await createTestDatabase();
  cleanups.push(database.drop);
  demo = await startServerProcess({ DATABASE_URL: database.url });
  cleanups.unshift(() => demo.stop());
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  for (const cleanup of cleanups) await cleanup();
});

async function openAs(server: ServerProcess, email: string, size: 'phone' | 'desktop' = 'desktop'): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await newContext(browser, size);
  contexts.push(context);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signInInBrowser(page, server.url, email);
  return { page, context, errors };
}

const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
const openDialog = (page: Page) => page.locator('dialog[open]');
const de = (n: number) => new Intl.NumberFormat('de-DE').format(n);

/** Waits until a fresh y-websocket client sees the server's org doc satisfy `read`, and returns that. */
async function serverOrg<T>(server: ServerProcess, read: (doc: Y.Doc) => T | false | undefined, timeoutMs = 20_000): Promise<T> {
  const cookie = await signIn(server.url, ADMIN, DEMO_PASSWORD);
  const probe = connectNodeClient(server.url, 'org', cookie);
  try {
    return (await waitFor(() => probe.provider.synced && read(probe.doc), { timeoutMs, what: 'the server’s org doc' })) as T;
  } finally {
    probe.destroy();
  }
}

/** The list rows currently in the DOM, in list order. */
function rowsInView(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="virtual-list"] [data-index]')]
      .map((item) => {
        const row = item.querySelector<HTMLElement>('[data-testid="employee-row"]');
        return {
          index: Number(item.dataset.index),
          id: row?.dataset.id ?? '',
          text: row?.textContent ?? '',
          number: row?.querySelector('[data-testid="employee-number"]')?.textContent?.trim() ?? '',
        };
      })
      .sort((a, b) => a.index - b.index),
  );
}

async function scrollListToEnd(page: Page): Promise<void> {
  await page.getByTestId('virtual-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
}

describe('a directory of 5,025 people', () => {
  let large: ServerProcess;
  let employees: Employee[];
  const weissgaerberId = randomUUID();
  const zylinskiId = randomUUID();

  beforeAll(async () => {
    const database = await createTestDatabase();
    cleanups.push(database.drop);
    large = await startServerProcess({ DATABASE_URL: database.url });
    cleanups.unshift(() => large.stop());

    const writer = connectNodeClient(large.url, 'org', await signIn(large.url, ADMIN, DEMO_PASSWORD));
    try {
      await waitFor(() => writer.provider.synced && orgDoc.employeesOf(writer.doc).size === 25, { timeoutMs: 20_000, what: 'the writer to sync' });
      const people = generatedPeople(orgDoc.listDepartments(writer.doc).map((d) => d.id));
      people.push(
        [weissgaerberId, { ...people[0]![1], firstName: 'Ölçüm', lastName: 'Weißgärber', email: 'o.weissgaerber@muster-gmbh.de' }],
        [zylinskiId, { ...people[1]![1], firstName: 'Zacharias', lastName: 'Zylinski', email: 'z.zylinski@muster-gmbh.de' }],
      );
      const start = Date.parse('2026-02-01T08:00:00.000Z');
      for (let from = 0; from < people.length; from += 1000) {
        writer.doc.transact(() => {
          people.slice(from, from + 1000).forEach(([id, fields], i) => orgDoc.insertEmployee(writer.doc, id, fields, new Date(start + from + i).toISOString()));
        });
      }
      employees = await serverOrg(
        large,
        (doc) => {
          const all = orgDoc.listEmployees(doc);
          return all.length === 5025 && all.every((e) => e.number !== '') && all;
        },
        90_000,
      );
    } finally {
      writer.destroy();
    }
  });

  it('shows the count of all 5,025 people while keeping only a small window of rows in the page', async () => {
    const { page, errors } = await openAs(large, ADMIN);
    await page.goto(`${large.url}/employees`);
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 60_000 }).toBe('5.025 Personen');

    const rows = page.getByTestId('employee-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThan(200);
    expect(await page.locator('[data-index="0"]').getAttribute('aria-setsize')).toBe('5025');

    // Sorted by name, "Zylinski" comes after every other surname.
    await expect
      .poll(async () => {
        await scrollListToEnd(page);
        return (await rowsInView(page)).at(-1);
      }, { timeout: 20_000 })
      .toMatchObject({ index: 5024, id: zylinskiId, text: expect.stringContaining('Zacharias Zylinski') });
    expect(await rows.count()).toBeLessThan(200);
    expect(errors).toEqual([]);
  });

  it('finds one person among thousands, ignoring case, umlauts and ß', async () => {
    const { page, errors } = await openAs(large, ADMIN);
    await page.goto(`${large.url}/employees`);
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 60_000 }).toBe('5.025 Personen');
    const search = field(page, 'search');
    const matches = async () => (await rowsInView(page)).map((row) => row.id);

    await search.fill('WEISSGARBER');
    await expect.poll(matches, { timeout: 20_000 }).toEqual([weissgaerberId]);
    expect((await rowsInView(page))[0]!.text).toContain('Ölçüm Weißgärber');

    await search.fill('olcum');
    await expect.poll(matches, { timeout: 20_000 }).toEqual([weissgaerberId]);

    await search.fill('schroder');
    await expect.poll(matches, { timeout: 20_000 }).toEqual([demoEmployeeId(15)]);
    expect((await rowsInView(page))[0]!.text).toContain('Nina Schröder');
    expect(errors).toEqual([]);
  });

  it('finds a person searched for after scrolling to the end of the list', async () => {
    const { page, errors } = await openAs(large, ADMIN);
    await page.goto(`${large.url}/employees`);
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 60_000 }).toBe('5.025 Personen');
    await expect
      .poll(async () => {
        await scrollListToEnd(page);
        return (await rowsInView(page)).at(-1)?.id;
      }, { timeout: 20_000 })
      .toBe(zylinskiId);

    await field(page, 'search').fill('schroder');
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 20_000 }).toMatch(/^1 von 5\.025 /);
    await expect.poll(async () => (await rowsInView(page)).map((row) => row.id), { timeout: 20_000 }).toEqual([demoEmployeeId(15)]);
    expect(errors).toEqual([]);
  });

  it('says "1 von 5.025 Personen" when one person matches', async () => {
    const { page } = await openAs(large, ADMIN);
    await page.goto(`${large.url}/employees`);
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 60_000 }).toBe('5.025 Personen');
    await field(page, 'search').fill('Weißgärber');
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 20_000 }).toBe('1 von 5.025 Personen');
  });

  it('filters by department and status, resets a search without matches, and sorts by number', async () => {
    const { page, errors } = await openAs(large, ADMIN);
    await page.goto(`${large.url}/employees`);
    const count = page.getByTestId('employee-count');
    await expect.poll(() => count.textContent(), { timeout: 60_000 }).toBe('5.025 Personen');
    const departments = await serverOrg(large, (doc) => orgDoc.listDepartments(doc).length === 4 && orgDoc.listDepartments(doc));
    const sales = departments.find((d) => d.name === 'Vertrieb')!;
    const inSales = new Set(employees.filter((e) => e.departmentId === sales.id).map((e) => e.id));
    const left = new Set(employees.filter((e) => e.status === 'left').map((e) => e.id));
    const salesLeft = [...inSales].filter((id) => left.has(id));
    /** The ids of the rows on screen that are not in `expected`; fails if no row is shown at all. */
    const shownOutside = async (expected: (id: string) => boolean) => {
      const shown = (await rowsInView(page)).map((row) => row.id);
      expect(shown.length).toBeGreaterThan(0);
      return shown.filter((id) => !expected(id));
    };

    await page.locator('select[name="department"]').selectOption({ label: 'Vertrieb' });
    await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe(`${de(inSales.size)} von 5.025 Personen`);
    expect(await shownOutside((id) => inSales.has(id))).toEqual([]);

    await page.locator('select[name="status"]').selectOption({ label: 'Ausgeschieden' });
    await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe(`${de(salesLeft.length)} von 5.025 Personen`);
    expect(await shownOutside((id) => inSales.has(id) && left.has(id))).toEqual([]);

    await page.locator('select[name="department"]').selectOption({ label: 'Alle Abteilungen' });
    await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe(`${de(left.size)} von 5.025 Personen`);
    expect(await shownOutside((id) => left.has(id))).toEqual([]);

    await field(page, 'search').fill('niemand heißt so');
    await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe('0 von 5.025 Personen');
    await page.getByTestId('reset-filters').click();
    await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe('5.025 Personen');
    expect(await field(page, 'search').inputValue()).toBe('');
    expect(await page.locator('select[name="status"]').inputValue()).toBe('');

    await page.locator('select[name="sort"]').selectOption('number');
    await expect
      .poll(async () => (await rowsInView(page)).slice(0, 5).map((row) => row.number), { timeout: 20_000 })
      .toEqual(['MA-0001', 'MA-0002', 'MA-0003', 'MA-0004', 'MA-0005']);
    await expect
      .poll(async () => {
        await scrollListToEnd(page);
        return (await rowsInView(page)).at(-1)?.number;
      }, { timeout: 20_000 })
      .toBe('MA-5025');
    expect(errors).toEqual([]);
  });
});

describe('creating an employee', () => {
  it('opens the new record, shows it to a colleague as the name is typed, and gets the next number from the server', async () => {
    const a = await openAs(demo, ADMIN);
    const b = await openAs(demo, 'chefin@muster-gmbh.de', 'phone');
    await b.page.goto(`${demo.url}/employees`);
    await expect.poll(() => b.page.getByTestId('employee-count').textContent(), { timeout: 20_000 }).toBe('25 Personen');
    await field(b.page, 'search').fill('lindqvist');
    await expect.poll(() => b.page.getByTestId('reset-filters').count(), { timeout: 20_000 }).toBe(1);

    await a.page.goto(`${demo.url}/employees`);
    await expect.poll(() => a.page.getByTestId('employee-count').textContent(), { timeout: 20_000 }).toBe('25 Personen');
    await a.page.getByTestId('new-employee').click();
    await a.page.waitForURL(/\/employees\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const id = new URL(a.page.url()).pathname.split('/').at(-1)!;
    await field(a.page, 'firstName').fill('Greta');
    await field(a.page, 'lastName').fill('Lindqvist');

    await expect.poll(async () => (await rowsInView(b.page)).map((row) => row.id), { timeout: 20_000 }).toEqual([id]);
    await expect.poll(async () => (await rowsInView(b.page))[0]?.text, { timeout: 20_000 }).toContain('Greta Lindqvist');
    await expect.poll(() => a.page.getByTestId('employee-name').textContent(), { timeout: 20_000 }).toBe('Greta Lindqvist');
    await expect.poll(() => a.page.getByTestId('employee-number').textContent(), { timeout: 20_000 }).toBe('MA-0026');
    expect(await a.page.getByTestId('employee-number-pending').count()).toBe(0);
    await expect.poll(async () => (await rowsInView(b.page))[0]?.number, { timeout: 20_000 }).toBe('MA-0026');
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });

  it('shows "Nr. wird vergeben" for a record created offline until the server assigns its number', async () => {
    const a = await openAs(demo, ADMIN);
    const b = await openAs(demo, 'personal@muster-gmbh.de');
    await b.page.goto(`${demo.url}/employees`);
    await field(b.page, 'search').fill('nordmann');
    await expect.poll(() => b.page.getByTestId('reset-filters').count(), { timeout: 20_000 }).toBe(1);

    await a.page.goto(`${demo.url}/employees`);
    await expect.poll(() => a.page.getByTestId('employee-count').textContent(), { timeout: 20_000 }).toMatch(/^\d+ Personen$/);
    // The service worker must control the page before we cut the network.
    await untilServiceWorkerControls(a.page);
    await a.context.setOffline(true);
    await a.page.getByTestId('new-employee').click();
    await a.page.waitForURL(/\/employees\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    const id = new URL(a.page.url()).pathname.split('/').at(-1)!;
    await field(a.page, 'firstName').fill('Jasper');
    await field(a.page, 'lastName').fill('Nordmann');
    await expect.poll(() => a.page.getByTestId('employee-number-pending').innerText(), { timeout: 20_000 }).toBe('Nr. wird vergeben');

    await a.context.setOffline(false);
    await expect.poll(() => a.page.getByTestId('employee-number').count(), { timeout: 30_000 }).toBe(1);
    expect(await a.page.getByTestId('employee-number').textContent()).toBe('MA-0027');
    expect(await a.page.getByTestId('employee-number-pending').count()).toBe(0);
    await expect.poll(async () => (await rowsInView(b.page)).map((row) => [row.id, row.number]), { timeout: 20_000 }).toEqual([[id, 'MA-0027']]);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});

describe('departments', () => {
  it('creates, refuses a duplicate name, renames, and deletes only an empty department — live for a colleague', async () => {
    const a = await openAs(demo, ADMIN);
    const b = await openAs(demo, 'chefin@muster-gmbh.de', 'phone');
    const rowNamed = (page: Page, name: string) =>
      page.getByTestId('department-row').filter({ has: page.getByRole('heading', { name, exact: true }) });
    for (const { page } of [a, b]) {
      await page.goto(`${demo.url}/departments`);
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

    const salesMembers = await serverOrg(demo, (doc) => {
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
    await serverOrg(demo, (doc) => !orgDoc.listDepartments(doc).some((d) => d.name === 'Kundenservice'));
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
  });
});

describe('navigation', () => {
  it('lists the admin’s areas in the dock and reaches them with the keyboard from the skip link', async () => {
    const { page, errors } = await openAs(demo, ADMIN);
    await page.goto(`${demo.url}/`);
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
    await page.waitForURL(`${demo.url}/employees`, { timeout: 20_000 });
    await expect.poll(() => page.getByTestId('nav-employees').getAttribute('aria-current'), { timeout: 10_000 }).toBe('page');
    expect(await page.getByTestId('nav-dashboard').getAttribute('aria-current')).toBeNull();
    expect(await page.getByTestId('nav-departments').getAttribute('aria-current')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('puts the dock at the bottom on a phone, with an account sheet that signs out', async () => {
    const { page, errors } = await openAs(demo, ADMIN, 'phone');
    await page.goto(`${demo.url}/employees`);
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

describe('language', () => {
  it('switches the UI to English, formats list dates the English way, and keeps the choice across a reload', async () => {
    const { page, errors } = await openAs(demo, ADMIN);
    await page.goto(`${demo.url}/employees`);
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

describe('field validation', () => {
  it('refuses an invalid email and 70 weekly hours without writing them, and stores "38,5" hours as 38.5', async () => {
    const id = demoEmployeeId(8);
    const a = await openAs(demo, ADMIN);
    const b = await openAs(demo, 'chefin@muster-gmbh.de', 'phone');
    for (const { page } of [a, b]) {
      await page.goto(`${demo.url}/employees/${id}`);
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
    const stored = await serverOrg(demo, (doc) => {
      const record = orgDoc.employeesOf(doc).get(id);
      return record && orgDoc.readEmployee(record).position === 'Innendienst Süd' && orgDoc.readEmployee(record);
    });
    expect(stored).toMatchObject({ email: 'lea.fischer@muster-gmbh.de', weeklyHours: 25 });

    await field(a.page, 'weeklyHours').fill('38,5');
    await expect.poll(() => field(a.page, 'weeklyHours').getAttribute('aria-invalid'), { timeout: 10_000 }).toBeNull();
    await expect.poll(() => field(b.page, 'weeklyHours').inputValue(), { timeout: 20_000 }).toMatch(/^38[,.]5$/);
    await serverOrg(demo, (doc) => {
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

/** 4,998 made-up people spread over the departments (and none), some of them left or on leave. */
function generatedPeople(departmentIds: string[]): Array<[string, EmployeeFields]> {
  const first = ['Lukas', 'Mia', 'Leon', 'Emma', 'Finn', 'Hanna', 'Elias', 'Lina', 'Noah', 'Marie', 'Paul', 'Lena', 'Ben', 'Clara', 'Jonas', 'Ida', 'Tim', 'Frieda', 'Erik', 'Ronja'];
  const last = ['Albrecht', 'Bauer', 'Dietrich', 'Engel', 'Frank', 'Graf', 'Haas', 'Jung', 'Kaiser', 'Lorenz', 'Maier', 'Otto', 'Pohl', 'Roth', 'Sauer', 'Thiel', 'Ullrich', 'Vogel', 'Winter', 'Ziegler'];
  const departments = [...departmentIds, ''];
  return Array.from({ length: 4998 }, (_, i): [string, EmployeeFields] => {
    const firstName = first[i % first.length]!;
    const lastName = last[Math.floor(i / first.length) % last.length]!;
    return [
      randomUUID(),
      {
        ...orgDoc.emptyEmployeeFields,
        firstName,
        lastName,
        email: `${firstName}.${lastName}.${i + 1}@muster-gmbh.de`.toLowerCase(),
        departmentId: departments[i % departments.length]!,
        position: 'Fachkraft',
        hireDate: `${2010 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}-01`,
        status: i % 7 === 0 ? 'left' : i % 11 === 3 ? 'onLeave' : 'active',
      },
    ];
  });
}
