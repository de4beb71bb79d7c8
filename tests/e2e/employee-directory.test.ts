// The company directory of 5,025 people in real Chromium against the real server: a list that stays small
// in the DOM, search that ignores case, umlauts and ß, filters by department and status, and sort.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { orgDoc, type Employee, type EmployeeFields } from '@workmate/sync-protocol';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { ADMIN, field, openAs, rowsInView, serverOrg } from '../helpers/directory-pages.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

const de = (n: number) => new Intl.NumberFormat('de-DE').format(n);

async function scrollListToEnd(page: Page): Promise<void> {
  await page.getByTestId('virtual-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
}

describe('a directory of 5,025 people', () => {
  let employees: Employee[];
  const weissgaerberId = randomUUID();
  const zylinskiId = randomUUID();

  // The suite's fresh demo company (25 people) grows by 5,000 before the first test.
  beforeAll(async () => {
    const writer = connectNodeClient(suite.server.url, 'org', await signIn(suite.server.url, ADMIN, DEMO_PASSWORD));
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
        suite.server,
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
    const { page, errors } = await openAs(suite, ADMIN);
    await page.goto(`${suite.server.url}/employees`);
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
    const { page, errors } = await openAs(suite, ADMIN);
    await page.goto(`${suite.server.url}/employees`);
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
    const { page, errors } = await openAs(suite, ADMIN);
    await page.goto(`${suite.server.url}/employees`);
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
    const { page } = await openAs(suite, ADMIN);
    await page.goto(`${suite.server.url}/employees`);
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 60_000 }).toBe('5.025 Personen');
    await field(page, 'search').fill('Weißgärber');
    await expect.poll(() => page.getByTestId('employee-count').textContent(), { timeout: 20_000 }).toBe('1 von 5.025 Personen');
  });

  it('filters by department and status, resets a search without matches, and sorts by number', async () => {
    const { page, errors } = await openAs(suite, ADMIN);
    await page.goto(`${suite.server.url}/employees`);
    const count = page.getByTestId('employee-count');
    await expect.poll(() => count.textContent(), { timeout: 60_000 }).toBe('5.025 Personen');
    const departments = await serverOrg(suite.server, (doc) => orgDoc.listDepartments(doc).length === 4 && orgDoc.listDepartments(doc));
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
