// Verwaltung › Benutzer in real browsers against the real server: creating accounts with a password or a
// one-time link (and using that link), changing roles so another person's dock follows, deactivating and
// signing out people who are signed in elsewhere, the server's refusals at the right place, one's own
// roles and accounts holding more than oneself locked, and that the screen stays closed to everyone
// without user management.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { collectErrors, signInInBrowser } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { signIn } from '../helpers/server-process.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

type BrowserUser = { context: BrowserContext; page: Page; errors: string[] };

async function openBrowser(): Promise<BrowserUser> {
  const context = await suite.newContext();
  const page = await context.newPage();
  return { context, page, errors: collectErrors(page) };
}

async function openAs(email: string, password?: string): Promise<BrowserUser> {
  const user = await openBrowser();
  await signInInBrowser(user.page, suite.server.url, email, password);
  return user;
}

/** Signs the administrator in and opens Benutzer with the list loaded. */
async function openUsersAsAdmin(): Promise<BrowserUser> {
  const admin = await openAs('admin@muster-gmbh.de');
  await admin.page.goto(suite.server.url + '/admin/users');
  await expect.poll(() => row(admin.page, 'admin@muster-gmbh.de').count(), { timeout: 30_000 }).toBe(1);
  return admin;
}

const row = (page: Page, email: string) => page.locator(`[data-testid="account-row"][data-email="${email}"]`);
const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
const fieldError = (page: Page, name: string) => page.locator('.field', { has: field(page, name) }).locator('.error');
const toast = (page: Page, kind: 'success' | 'error') => page.getByTestId(`toast-${kind}`);
const dock = (page: Page, testId: string) => page.getByTestId(testId);

async function chooseAction(page: Page, email: string, action: 'edit' | 'password' | 'signOut' | 'deactivate' | 'reactivate') {
  await row(page, email).getByTestId('account-actions').click();
  await page.locator('[data-testid="account-menu"]:popover-open').getByTestId(`account-action-${action}`).click();
}

async function setRoles(page: Page, roles: Record<string, boolean>) {
  for (const [role, on] of Object.entries(roles)) await page.locator(`input[name="role"][value="${role}"]`).setChecked(on);
}

describe('creating accounts', () => {
  it('creates a user with a password, showing a taken email at its field, and the user can sign in in another browser', async () => {
    const admin = await openUsersAsAdmin();
    await admin.page.getByTestId('new-account').click();
    await field(admin.page, 'name').fill('Lena Passwort');
    await field(admin.page, 'email').fill('chefin@muster-gmbh.de');
    await setRoles(admin.page, { employee: true });

    const rules = admin.page.getByTestId('password-rules');
    await field(admin.page, 'password').fill('kurz');
    expect(await rules.locator('[data-rule="too_short"]').getAttribute('data-met')).toBe('false');
    await field(admin.page, 'password').fill('Fahrrad-Sonne-Ampel-7');
    await expect.poll(() => rules.locator('[data-rule="too_short"]').getAttribute('data-met')).toBe('true');
    expect(await rules.locator('[data-met="false"]').count()).toBe(0);

    await admin.page.getByTestId('account-save').click();
    await expect.poll(() => fieldError(admin.page, 'email').textContent(), { timeout: 20_000 }).toContain('gehört schon zu einem anderen Konto');
    expect(await field(admin.page, 'email').getAttribute('aria-invalid')).toBe('true');

    await field(admin.page, 'email').fill('lena.passwort@muster-gmbh.de');
    await admin.page.getByTestId('account-save').click();
    await expect.poll(() => row(admin.page, 'lena.passwort@muster-gmbh.de').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => toast(admin.page, 'success').first().textContent(), { timeout: 20_000 }).toContain('„Lena Passwort“ angelegt');
    expect(await admin.page.getByTestId('account-form').count()).toBe(0);
    expect(await row(admin.page, 'lena.passwort@muster-gmbh.de').textContent()).toContain('Mitarbeiter');

    const lena = await openAs('lena.passwort@muster-gmbh.de', 'Fahrrad-Sonne-Ampel-7');
    await expect.poll(() => lena.page.getByTestId('greeting').textContent(), { timeout: 30_000 }).toContain('Lena');
    expect(await dock(lena.page, 'nav-employees').count()).toBe(1);
    expect(await dock(lena.page, 'nav-admin-users').count()).toBe(0);
    expect(admin.errors).toEqual([]);
    expect(lena.errors).toEqual([]);
  });

  it('creates a user with a one-time link; the link refuses weak passwords, signs the user in once and then no more', async () => {
    const admin = await openUsersAsAdmin();
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });
    await admin.page.getByTestId('new-account').click();
    await field(admin.page, 'name').fill('Lars Link');
    await field(admin.page, 'email').fill('lars.link@muster-gmbh.de');
    await setRoles(admin.page, { employee: true });
    await admin.page.locator('label', { has: admin.page.getByTestId('credential-link') }).click();
    expect(await field(admin.page, 'password').count()).toBe(0);
    await admin.page.getByTestId('account-save').click();

    const linkField = admin.page.getByTestId('password-link');
    await expect.poll(() => linkField.count(), { timeout: 20_000 }).toBe(1);
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${suite.server.url}/set-password\\?token=[\\w-]{20,}$`));
    expect(await admin.page.locator('dialog[open]').textContent()).toContain('72 Stunden gültig und kann nur einmal verwendet werden');
    await admin.page.getByTestId('copy-password-link').click();
    await expect.poll(() => admin.page.getByTestId('copy-password-link').textContent(), { timeout: 10_000 }).toContain('Kopiert');
    expect(await admin.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await admin.page.getByTestId('account-done').click();
    expect(await row(admin.page, 'lars.link@muster-gmbh.de').count()).toBe(1);

    const lars = await openBrowser();
    await lars.page.goto(link);
    await field(lars.page, 'password').fill('kurz');
    await field(lars.page, 'repeat').fill('kurz');
    await lars.page.getByTestId('set-password-submit').click();
    await expect.poll(() => fieldError(lars.page, 'password').textContent(), { timeout: 10_000 }).toContain('Zu kurz');

    // Only the server knows the account's email: a password built on it is refused there.
    await field(lars.page, 'password').fill('lars.link-2026!');
    await field(lars.page, 'repeat').fill('lars.link-2026!');
    await lars.page.getByTestId('set-password-submit').click();
    await expect.poll(() => fieldError(lars.page, 'password').textContent(), { timeout: 20_000 }).toContain('E-Mail-Adresse');
    expect(new URL(lars.page.url()).pathname).toBe('/set-password');

    await field(lars.page, 'password').fill('Wolken-Tee-Kanu-88');
    await field(lars.page, 'repeat').fill('Wolken-Tee-Kanu-88');
    await lars.page.getByTestId('set-password-submit').click();
    await lars.page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
    await expect.poll(() => lars.page.getByTestId('greeting').textContent(), { timeout: 30_000 }).toContain('Lars');
    expect(await dock(lars.page, 'nav-employees').count()).toBe(1);

    const again = await openBrowser();
    await again.page.goto(link);
    await field(again.page, 'password').fill('Wolken-Tee-Kanu-99');
    await field(again.page, 'repeat').fill('Wolken-Tee-Kanu-99');
    await again.page.getByTestId('set-password-submit').click();
    const refused = again.page.getByTestId('set-password-refused');
    await expect.poll(() => refused.getAttribute('data-reason'), { timeout: 20_000 }).toBe('refused');
    expect(await refused.textContent()).toContain('Bitten Sie Ihre Administration um einen neuen Link');

    await again.page.goto(suite.server.url + '/set-password');
    await expect.poll(() => refused.getAttribute('data-reason'), { timeout: 20_000 }).toBe('missing');
    expect(admin.errors).toEqual([]);
    expect(lars.errors).toEqual([]);
    expect(again.errors).toEqual([]);
  });
});

describe('changing roles', () => {
  it('gives and takes user management, and the user’s dock follows after a reload', async () => {
    const tobias = await openAs('teamleitung@muster-gmbh.de');
    await expect.poll(() => dock(tobias.page, 'nav-departments').count(), { timeout: 30_000 }).toBe(1);
    expect(await dock(tobias.page, 'nav-admin-users').count()).toBe(0);

    const admin = await openUsersAsAdmin();
    await chooseAction(admin.page, 'teamleitung@muster-gmbh.de', 'edit');
    await setRoles(admin.page, { admin: true, teamlead: false });
    await admin.page.getByTestId('account-save').click();
    await expect.poll(() => toast(admin.page, 'success').first().textContent(), { timeout: 20_000 }).toContain('„Tobias Wagner“ gespeichert');
    await expect.poll(() => row(admin.page, 'teamleitung@muster-gmbh.de').textContent(), { timeout: 20_000 }).toContain('Admin');

    await tobias.page.reload();
    await expect.poll(() => dock(tobias.page, 'nav-admin-users').count(), { timeout: 30_000 }).toBe(1);
    await tobias.page.goto(suite.server.url + '/admin/users');
    await expect.poll(() => row(tobias.page, 'admin@muster-gmbh.de').count(), { timeout: 30_000 }).toBe(1);

    await chooseAction(admin.page, 'teamleitung@muster-gmbh.de', 'edit');
    await setRoles(admin.page, { admin: false, teamlead: true });
    await admin.page.getByTestId('account-save').click();
    await expect.poll(() => row(admin.page, 'teamleitung@muster-gmbh.de').textContent(), { timeout: 20_000 }).not.toContain('Admin');

    await tobias.page.reload();
    await expect.poll(() => tobias.page.getByText('Kein Zugriff').count(), { timeout: 30_000 }).toBe(1);
    expect(await dock(tobias.page, 'nav-admin-users').count()).toBe(0);
    expect(await dock(tobias.page, 'nav-departments').count()).toBe(1);
    expect(admin.errors).toEqual([]);
  });

  it('keeps one’s own roles locked and says who can change them', async () => {
    const admin = await openUsersAsAdmin();
    await chooseAction(admin.page, 'admin@muster-gmbh.de', 'edit');
    const checklist = admin.page.getByTestId('role-checklist');
    await expect.poll(() => checklist.getByTestId('roles-note').textContent()).toContain('Ihre eigenen Rollen kann nur eine andere Person mit Benutzerverwaltung ändern');
    expect(await admin.page.locator('input[name="role"][value="admin"]').isDisabled()).toBe(true);
    expect(await admin.page.locator('input[name="role"][value="employee"]').isDisabled()).toBe(true);
    expect(await field(admin.page, 'name').isEditable()).toBe(true);
    await admin.page.keyboard.press('Escape');
    expect(admin.errors).toEqual([]);
  });

  it('shows a limited administrator which accounts and roles are out of reach, and why', async () => {
    const adminCookie = await signIn(suite.server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
    const asAdmin = (method: string, path: string, body: unknown) =>
      fetch(suite.server.url + path, { method, headers: { cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const role = await asAdmin('POST', '/api/admin/roles', { key: 'benutzerpflege', name: 'Benutzerpflege', description: '', permissions: ['org.read', 'admin.users'] });
    expect(role.status).toBe(201);
    const password = 'Benutzer-Pflege-Kanu-42';
    const account = await asAdmin('POST', '/api/admin/users', {
      name: 'Uwe Useradmin',
      email: 'uwe.useradmin@muster-gmbh.de',
      roles: ['benutzerpflege'],
      employeeId: null,
      credential: { kind: 'password', password },
    });
    expect(account.status).toBe(201);

    const uwe = await openAs('uwe.useradmin@muster-gmbh.de', password);
    await uwe.page.goto(suite.server.url + '/admin/users');
    const annaRow = row(uwe.page, 'admin@muster-gmbh.de');
    await expect.poll(() => annaRow.getAttribute('data-locked'), { timeout: 30_000 }).toBe('true');
    expect(await annaRow.textContent()).toContain('Geschützt');
    expect(await row(uwe.page, 'uwe.useradmin@muster-gmbh.de').getAttribute('data-locked')).toBeNull();

    await annaRow.getByTestId('account-actions').click();
    const menu = uwe.page.locator('[data-testid="account-menu"]:popover-open');
    expect(await menu.getByTestId('account-lock').textContent()).toContain('Dieses Konto hat Rechte, die Sie selbst nicht haben');
    for (const action of ['edit', 'password', 'signOut', 'deactivate']) {
      expect(await menu.getByTestId(`account-action-${action}`).getAttribute('aria-disabled'), action).toBe('true');
    }
    await menu.getByTestId('account-action-password').click({ force: true });
    expect(await uwe.page.locator('dialog[open]').count()).toBe(0);
    await uwe.page.keyboard.press('Escape');

    await uwe.page.getByTestId('new-account').click();
    expect(await uwe.page.locator('input[name="role"][value="admin"]').isDisabled()).toBe(true);
    expect(await uwe.page.locator('input[name="role"][value="employee"]').isChecked()).toBe(false);
    const adminRole = uwe.page.getByTestId('role-checklist').locator('.role', { has: uwe.page.locator('input[value="admin"]') });
    expect(await adminRole.getByTestId('role-lock').textContent()).toContain('Enthält Rechte, die Sie selbst nicht haben');
    expect(await uwe.page.locator('input[name="role"][value="benutzerpflege"]').isDisabled()).toBe(false);
    expect(uwe.errors).toEqual([]);
  });
});

describe('ending access', () => {
  it('deactivates a user who is signed in elsewhere: that browser goes to sign-in with a notice; reactivating lets them back in', async () => {
    const bernd = await openAs('buchhaltung@muster-gmbh.de');
    await expect.poll(() => bernd.page.getByTestId('sync-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');

    const admin = await openUsersAsAdmin();
    await expect.poll(() => row(admin.page, 'buchhaltung@muster-gmbh.de').getByTestId('account-sessions').textContent()).toBe('1');

    await row(admin.page, 'admin@muster-gmbh.de').getByTestId('account-actions').click();
    const ownDeactivate = admin.page.locator('[data-testid="account-menu"]:popover-open').getByTestId('account-action-deactivate');
    expect(await ownDeactivate.getAttribute('aria-disabled')).toBe('true');
    expect(await ownDeactivate.textContent()).toContain('Nicht für Ihr eigenes Konto');
    await admin.page.keyboard.press('Escape');
    await expect.poll(() => admin.page.locator('[data-testid="account-menu"]:popover-open').count()).toBe(0);

    await chooseAction(admin.page, 'buchhaltung@muster-gmbh.de', 'deactivate');
    await admin.page.getByTestId('confirm-deactivate').click();
    await expect.poll(() => toast(admin.page, 'success').first().textContent(), { timeout: 20_000 }).toContain('„Bernd Keller“ ist deaktiviert');
    const berndRow = row(admin.page, 'buchhaltung@muster-gmbh.de');
    await expect.poll(() => berndRow.getAttribute('data-active'), { timeout: 20_000 }).toBe('false');
    expect(await berndRow.textContent()).toContain('Deaktiviert');

    await bernd.page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
    await expect.poll(() => bernd.page.getByTestId('login-notice').textContent(), { timeout: 20_000 }).toContain('Sie wurden abgemeldet');
    await field(bernd.page, 'password').fill('Muster-Demo-2026');
    await bernd.page.locator('button[type="submit"]').click();
    await expect.poll(() => bernd.page.getByTestId('login-error').textContent(), { timeout: 20_000 }).toContain('E-Mail-Adresse oder Passwort ist falsch');

    await chooseAction(admin.page, 'buchhaltung@muster-gmbh.de', 'reactivate');
    await admin.page.getByTestId('confirm-reactivate').click();
    await expect.poll(() => berndRow.getAttribute('data-active'), { timeout: 20_000 }).toBe('true');
    await field(bernd.page, 'password').fill('Muster-Demo-2026');
    await bernd.page.locator('button[type="submit"]').click();
    await bernd.page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    expect(admin.errors).toEqual([]);
  });

  it('signs a user out everywhere and says how many sessions ended', async () => {
    const phone = await openAs('personal@muster-gmbh.de');
    const laptop = await openAs('personal@muster-gmbh.de');
    for (const device of [phone, laptop]) {
      await expect.poll(() => device.page.getByTestId('sync-indicator').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    }

    const admin = await openUsersAsAdmin();
    await expect.poll(() => row(admin.page, 'personal@muster-gmbh.de').getByTestId('account-sessions').textContent()).toBe('2');
    await chooseAction(admin.page, 'personal@muster-gmbh.de', 'signOut');
    expect(await admin.page.locator('dialog[open]').textContent()).toContain('2 offene Sitzungen werden sofort beendet');
    await admin.page.getByTestId('confirm-sign-out').click();
    await expect.poll(() => toast(admin.page, 'success').first().textContent(), { timeout: 20_000 }).toContain('2 Sitzungen beendet');
    await expect.poll(() => row(admin.page, 'personal@muster-gmbh.de').getByTestId('account-sessions').textContent(), { timeout: 20_000 }).toBe('0');

    for (const device of [phone, laptop]) {
      await device.page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
      await expect.poll(() => device.page.getByTestId('login-notice').textContent(), { timeout: 20_000 }).toContain('Sie wurden abgemeldet');
    }
    expect(admin.errors).toEqual([]);
  });
});

describe('access to the screen', () => {
  it('shows "Kein Zugriff" to an employee without user management, and no dock entry', async () => {
    const max = await openAs('mitarbeiter@muster-gmbh.de');
    expect(await dock(max.page, 'nav-admin-users').count()).toBe(0);
    await max.page.goto(suite.server.url + '/admin/users');
    await expect.poll(() => max.page.getByText('Kein Zugriff').count(), { timeout: 30_000 }).toBe(1);
    expect(await max.page.getByTestId('account-row').count()).toBe(0);
    expect(await max.page.getByTestId('new-account').count()).toBe(0);
    expect(max.errors).toEqual([]);
  });
});
