// The roles screen in real browsers against the real server: an admin creates a role field by field, a
// holder's screens follow its grants, deleting a held role is refused (also when the screen did not know
// yet), Admin stays "Alle Rechte", a user who may manage accounts sees roles read-only, leaving the editor
// with unsaved changes asks first, and a limited administrator sees what they may not grant or change.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectErrors, signInInBrowser } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { signIn } from '../helpers/server-process.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

let adminCookie: string;

beforeAll(async () => {
  adminCookie = await signIn(suite.server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
});

type BrowserUser = { page: Page; errors: string[] };

async function openAs(email: string, size: 'phone' | 'desktop' = 'desktop', password?: string): Promise<BrowserUser> {
  const context = await suite.newContext(size);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signInInBrowser(page, suite.server.url, email, password);
  return { page, errors };
}

type ServerRole = { key: string; name: string; permissions: string[] };
type ServerAccount = { id: string; email: string };

/** The admin API as the admin (no browser): status and parsed body. */
async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(suite.server.url + path, {
    method,
    headers: { cookie: adminCookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}

async function serverRole(key: string): Promise<ServerRole | undefined> {
  const { body } = await api<{ roles: ServerRole[] }>('GET', '/api/admin/roles');
  return body.roles.find((role) => role.key === key);
}

async function setRoles(email: string, roles: string[]): Promise<void> {
  const { body } = await api<{ users: ServerAccount[] }>('GET', '/api/admin/users');
  const user = body.users.find((u) => u.email === email)!;
  const res = await api<unknown>('PATCH', `/api/admin/users/${user.id}`, { roles });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function createRoleViaApi(name: string, permissions: string[]): Promise<string> {
  const res = await api<{ role: ServerRole }>('POST', '/api/admin/roles', { name, description: '', permissions });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.role.key;
}

const roleRow = (page: Page, key: string) => page.locator(`[data-testid="role-row"][data-key="${key}"]`);

async function openRole(page: Page, key: string): Promise<void> {
  await page.goto(`${suite.server.url}/admin/roles/${key}`);
  await page.getByTestId('role-form').waitFor({ timeout: 30_000 });
}

describe('roles', () => {
  it('creates a role with org read and own time entries; its holder sees employees read-only until org write is added', async () => {
    const anna = await openAs('admin@muster-gmbh.de');
    await anna.page.goto(suite.server.url + '/admin/roles');
    await anna.page.getByRole('link', { name: 'Neue Rolle' }).click();
    await anna.page.locator('[name="roleName"]').fill('Lager');
    await anna.page.locator('[name="roleDescription"]').fill('Wareneingang und Versand');
    await anna.page.getByTestId('perm-org.read').check();
    await anna.page.getByTestId('perm-time.read').check();
    await anna.page.getByTestId('scope-time.read').selectOption('own');
    await anna.page.getByTestId('perm-time.write').check();
    await anna.page.getByTestId('scope-time.write').selectOption('own');
    await anna.page.getByTestId('role-save').click();

    await anna.page.waitForURL((url) => url.pathname === '/admin/roles', { timeout: 30_000 });
    await expect.poll(() => anna.page.getByTestId('toast-success').textContent(), { timeout: 30_000 }).toContain('Rolle „Lager“ angelegt');
    await expect.poll(() => roleRow(anna.page, 'lager').getByTestId('role-summary').textContent(), { timeout: 30_000 }).toContain('Verzeichnis und Zeiterfassung (eigene)');
    expect((await serverRole('lager'))?.permissions).toEqual(['org.read', 'time.read@own', 'time.write@own']);

    await setRoles('mitarbeiter@muster-gmbh.de', ['lager']);
    const max = await openAs('mitarbeiter@muster-gmbh.de');
    await max.page.goto(suite.server.url + '/employees');
    await expect.poll(() => max.page.getByTestId('employee-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await max.page.getByTestId('new-employee').count()).toBe(0);
    await max.page.goto(suite.server.url + '/admin/roles');
    await expect.poll(() => max.page.getByText('Kein Zugriff').isVisible(), { timeout: 30_000 }).toBe(true);

    await openRole(anna.page, 'lager');
    await expect.poll(() => anna.page.getByTestId('role-holder').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining('Max Mustermann')]);
    expect(await anna.page.getByTestId('scope-time.write').inputValue()).toBe('own');
    await anna.page.getByTestId('perm-org.write').check();
    await anna.page.getByTestId('role-save').click();
    await anna.page.waitForURL((url) => url.pathname === '/admin/roles', { timeout: 30_000 });
    expect((await serverRole('lager'))?.permissions).toEqual(['org.read', 'org.write', 'time.read@own', 'time.write@own']);

    await max.page.goto(suite.server.url + '/employees');
    await max.page.reload();
    await expect.poll(() => max.page.getByTestId('new-employee').count(), { timeout: 30_000 }).toBe(1);

    expect(anna.errors).toEqual([]);
    expect(max.errors).toEqual([]);
  });

  it('refuses to delete a role while an account holds it, also when it was given out after the screen loaded', async () => {
    const versand = await createRoleViaApi('Versand', ['org.read']);
    await setRoles('buchhaltung@muster-gmbh.de', ['accounting', versand]);
    const anna = await openAs('admin@muster-gmbh.de');
    await anna.page.goto(suite.server.url + '/admin/roles');
    await roleRow(anna.page, versand).getByTestId('role-delete').click();
    await expect.poll(() => anna.page.getByRole('alertdialog').textContent(), { timeout: 30_000 }).toContain('1 Konto hat diese Rolle noch');
    expect(await anna.page.getByTestId('role-delete-confirm').count()).toBe(0);
    await anna.page.getByTestId('role-delete-refused-close').click();
    expect(await serverRole(versand)).toBeDefined();

    // The screen knows no holder of "Empfang" yet; the server refuses and says how many there are.
    const empfang = await createRoleViaApi('Empfang', ['calendar.read']);
    await openRole(anna.page, empfang);
    await expect.poll(() => anna.page.getByTestId('role-holders-empty').isVisible(), { timeout: 30_000 }).toBe(true);
    await setRoles('teamleitung@muster-gmbh.de', ['teamlead', empfang]);
    await anna.page.getByTestId('role-delete').click();
    await anna.page.getByTestId('role-delete-confirm').click();
    await expect.poll(() => anna.page.getByRole('alertdialog').textContent(), { timeout: 30_000 }).toContain('1 Konto hat diese Rolle noch');
    expect(await serverRole(empfang)).toBeDefined();
    await anna.page.getByTestId('role-delete-refused-close').click();

    await setRoles('teamleitung@muster-gmbh.de', ['teamlead']);
    await anna.page.getByTestId('role-delete').click();
    await anna.page.getByTestId('role-delete-confirm').click();
    await anna.page.waitForURL((url) => url.pathname === '/admin/roles', { timeout: 30_000 });
    await expect.poll(() => anna.page.getByTestId('toast-success').textContent(), { timeout: 30_000 }).toContain('Rolle „Empfang“ gelöscht');
    await expect.poll(() => roleRow(anna.page, empfang).count(), { timeout: 30_000 }).toBe(0);
    expect(await serverRole(empfang)).toBeUndefined();
    expect(anna.errors).toEqual([]);
  });

  it('shows Admin as "Alle Rechte", read-only and not deletable', async () => {
    const anna = await openAs('admin@muster-gmbh.de', 'phone');
    await anna.page.goto(suite.server.url + '/admin/roles');
    await expect.poll(() => roleRow(anna.page, 'admin').getByTestId('role-summary').textContent(), { timeout: 30_000 }).toContain('Alle Rechte');
    expect(await roleRow(anna.page, 'admin').getByTestId('role-delete').count()).toBe(0);

    await openRole(anna.page, 'admin');
    await expect.poll(() => anna.page.getByTestId('grants-everything').textContent(), { timeout: 30_000 }).toContain('Admin hat immer alle Rechte');
    expect(await anna.page.getByTestId('grants-everything-toggle').count()).toBe(0);
    expect(await anna.page.getByTestId('permission-area').count()).toBe(0);
    expect(await anna.page.getByTestId('role-delete').count()).toBe(0);
    expect(anna.errors).toEqual([]);
  });

  it('shows the roles read-only to a user who may manage accounts but not roles', async () => {
    const key = await createRoleViaApi('Benutzerpflege', ['org.read', 'admin.users']);
    await setRoles('personal@muster-gmbh.de', [key]);
    const petra = await openAs('personal@muster-gmbh.de');
    await petra.page.goto(suite.server.url + '/admin/roles');
    await expect.poll(() => roleRow(petra.page, 'teamlead').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await petra.page.getByTestId('roles-read-only').isVisible()).toBe(true);
    expect(await petra.page.getByRole('link', { name: 'Neue Rolle' }).count()).toBe(0);
    expect(await petra.page.getByTestId('role-delete').count()).toBe(0);

    await roleRow(petra.page, 'teamlead').getByTestId('role-link').click();
    await petra.page.getByTestId('role-form').waitFor({ timeout: 30_000 });
    expect(await petra.page.getByTestId('role-read-only').isVisible()).toBe(true);
    expect(await petra.page.locator('[name="roleName"]').isEditable()).toBe(false);
    expect(await petra.page.getByTestId('perm-time.read').isDisabled()).toBe(true);
    expect(await petra.page.getByTestId('scope-time.read').isDisabled()).toBe(true);
    expect(await petra.page.getByTestId('role-save').count()).toBe(0);
    expect(await petra.page.getByTestId('role-delete').count()).toBe(0);
    await expect.poll(() => petra.page.getByTestId('role-holder').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining('Tobias Wagner')]);

    await petra.page.goto(suite.server.url + '/admin/roles/_new');
    await expect.poll(() => petra.page.getByText('Kein Zugriff').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(petra.errors).toEqual([]);
  });

  it('asks before leaving the editor with unsaved changes and keeps them on "Abbrechen"', async () => {
    const anna = await openAs('admin@muster-gmbh.de');
    const before = (await serverRole('teamlead'))!.permissions;
    await openRole(anna.page, 'teamlead');
    await anna.page.getByTestId('perm-crm.read').check();
    await expect.poll(() => anna.page.getByTestId('role-savebar').textContent(), { timeout: 30_000 }).toContain('Ungespeicherte Änderungen');

    await anna.page.getByRole('link', { name: 'Rollen', exact: true }).first().click();
    const dialog = anna.page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent(), { timeout: 30_000 }).toContain('Änderungen verwerfen?');
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    expect(new URL(anna.page.url()).pathname).toBe('/admin/roles/teamlead');
    expect(await anna.page.getByTestId('perm-crm.read').isChecked()).toBe(true);

    await anna.page.getByRole('link', { name: 'Rollen', exact: true }).first().click();
    await anna.page.getByTestId('role-leave-confirm').click();
    await anna.page.waitForURL((url) => url.pathname === '/admin/roles', { timeout: 30_000 });
    expect((await serverRole('teamlead'))!.permissions).toEqual(before);
    expect(anna.errors).toEqual([]);
  });
  it('shows a limited administrator what they may not grant or change, and why', async () => {
    const key = await createRoleViaApi('Rollenpflege', ['admin.roles', 'org.read']);
    const password = 'Rollen-Pflege-Kanu-42';
    const created = await api<unknown>('POST', '/api/admin/users', {
      name: 'Rita Rollen',
      email: 'rita.rollen@muster-gmbh.de',
      roles: [key],
      employeeId: null,
      credential: { kind: 'password', password },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rita = await openAs('rita.rollen@muster-gmbh.de', 'desktop', password);

    await rita.page.goto(suite.server.url + '/admin/roles');
    await expect.poll(() => roleRow(rita.page, 'accounting').getAttribute('data-locked'), { timeout: 30_000 }).toBe('true');
    expect(await roleRow(rita.page, 'accounting').getByTestId('role-delete').count()).toBe(0);
    expect(await roleRow(rita.page, key).getAttribute('data-locked')).toBeNull();

    await openRole(rita.page, 'accounting');
    expect(await rita.page.getByTestId('role-read-only').textContent()).toContain('Rechte, die Sie selbst nicht haben');
    expect(await rita.page.locator('[name="roleName"]').isEditable()).toBe(false);
    expect(await rita.page.getByTestId('role-save').count()).toBe(0);

    await openRole(rita.page, key);
    expect(await rita.page.getByTestId('role-own-locked').textContent()).toContain('Sie haben diese Rolle selbst');
    expect(await rita.page.getByTestId('perm-admin.roles').isDisabled()).toBe(true);
    expect(await rita.page.getByTestId('perm-org.read').isDisabled()).toBe(true);
    expect(await rita.page.locator('[name="roleName"]').isEditable()).toBe(true);

    await rita.page.goto(suite.server.url + '/admin/roles/_new');
    await rita.page.getByTestId('role-form').waitFor({ timeout: 30_000 });
    expect(await rita.page.getByTestId('grants-limited').textContent()).toContain('Ausgegraute Rechte haben Sie selbst nicht');
    expect(await rita.page.getByTestId('grants-everything-toggle').isDisabled()).toBe(true);
    expect(await rita.page.getByTestId('area-all-org').isDisabled()).toBe(true);
    expect(await rita.page.getByTestId('perm-org.write').isDisabled()).toBe(true);
    expect(await rita.page.getByTestId('perm-time.read').isDisabled()).toBe(true);
    await rita.page.locator('[name="roleName"]').fill('Nur Verzeichnis');
    await rita.page.getByTestId('perm-org.read').check();
    await rita.page.getByTestId('role-save').click();
    await rita.page.waitForURL((url) => url.pathname === '/admin/roles', { timeout: 30_000 });
    expect((await serverRole('nur-verzeichnis'))?.permissions).toEqual(['org.read']);
    expect(rita.errors).toEqual([]);
  });
});
