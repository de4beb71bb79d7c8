// Creating an employee in real Chromium against the real server: the new record shows up live for a
// colleague as its name is typed, and its number comes from the server — also when created offline.
import { describe, expect, it } from 'vitest';
import { untilServiceWorkerControls } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { ADMIN, field, openAs, rowsInView } from '../helpers/directory-pages.ts';

const suite = useBrowserSuite();

describe('creating an employee', () => {
  it('opens the new record, shows it to a colleague as the name is typed, and gets the next number from the server', async () => {
    const a = await openAs(suite, ADMIN);
    const b = await openAs(suite, 'chefin@muster-gmbh.de', 'phone');
    await b.page.goto(`${suite.server.url}/employees`);
    await expect.poll(() => b.page.getByTestId('employee-count').textContent(), { timeout: 20_000 }).toBe('25 Personen');
    await field(b.page, 'search').fill('lindqvist');
    await expect.poll(() => b.page.getByTestId('reset-filters').count(), { timeout: 20_000 }).toBe(1);

    await a.page.goto(`${suite.server.url}/employees`);
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
    const a = await openAs(suite, ADMIN);
    const b = await openAs(suite, 'personal@muster-gmbh.de');
    await b.page.goto(`${suite.server.url}/employees`);
    await field(b.page, 'search').fill('nordmann');
    await expect.poll(() => b.page.getByTestId('reset-filters').count(), { timeout: 20_000 }).toBe(1);

    await a.page.goto(`${suite.server.url}/employees`);
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
