// Screenshots of the main screens at phone and desktop size, for looking at the UI while building it:
//   BASE_URL=http://localhost:3000 npx tsx scripts/screenshot-screens.ts [outDir]
// Signs in as the demo admin (DEMO_EMAIL / DEMO_PASSWORD override) and prints page errors it saw.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const baseUrl = process.env.BASE_URL ?? 'http://localhost:3000';
const email = process.env.DEMO_EMAIL ?? 'admin@muster-gmbh.de';
const password = process.env.DEMO_PASSWORD ?? 'Muster-Demo-2026';
const outDir = process.argv[2] ?? '/tmp/workmate-shots';
const only = process.env.ONLY?.split(',');

const sizes = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
} as const;

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  console.log(`${name}.png`);
}

for (const [size, viewport] of Object.entries(sizes)) {
  if (only && !only.includes(size)) continue;
  const context = await browser.newContext({ viewport, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`[${size}] page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') console.log(`[${size}] console ${message.type()}: ${message.text()}`);
  });

  await page.goto(`${baseUrl}/employees`);
  await page.waitForURL(/\/login/);
  await shoot(page, `${size}-01-login`);
  await page.locator('button[type="submit"]').click();
  await shoot(page, `${size}-02-login-empty-errors`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill('falsch');
  await page.locator('button[type="submit"]').click();
  await page.locator('[data-testid="login-error"]').waitFor();
  await shoot(page, `${size}-03-login-wrong-password`);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.locator('[data-testid="employee-row"]').first().waitFor({ timeout: 20_000 });
  await shoot(page, `${size}-04-employees`);

  await page.locator('input[name="search"]').fill('schröder');
  await shoot(page, `${size}-05-employees-search`);
  await page.locator('input[name="search"]').fill('zzzz');
  await shoot(page, `${size}-06-employees-no-match`);
  await page.locator('[data-testid="reset-filters"]').click();

  await page.locator('[data-testid="employee-row"]').nth(3).click();
  await page.locator('input[name="firstName"]').waitFor();
  await shoot(page, `${size}-07-employee`);
  await page.locator('input[name="email"]').fill('kaputt@');
  await page.locator('input[name="weeklyHours"]').fill('70');
  await shoot(page, `${size}-08-employee-errors`);
  await page.keyboard.press('Control+z');
  await page.locator('input[name="email"]').press('Escape');
  await page.screenshot({ path: join(outDir, `${size}-09-employee-full.png`), fullPage: true });

  await page.goto(`${baseUrl}/`);
  await page.locator('[data-testid="tile-directory"]').waitFor();
  await shoot(page, `${size}-10-dashboard`);

  await page.goto(`${baseUrl}/departments`);
  await page.locator('[data-testid="department-row"]').first().waitFor();
  await shoot(page, `${size}-11-departments`);
  await page.locator('[data-testid="department-delete"]').first().click();
  await shoot(page, `${size}-12-department-delete-refused`);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid="new-department"]').click();
  await shoot(page, `${size}-13-department-new`);
  await page.keyboard.press('Escape');

  await page.locator('[data-testid="sync-indicator"]').click();
  await shoot(page, `${size}-14-sync-details`);
  await page.keyboard.press('Escape');

  if (size === 'phone') {
    await page.locator('[data-testid="nav-account"]').click();
    await shoot(page, `${size}-15-account`);
    await page.locator('[data-testid="language-en"]').click();
    await page.keyboard.press('Escape');
  } else {
    await page.locator('[data-testid="language-en"]').click();
  }
  await page.goto(`${baseUrl}/employees`);
  await page.locator('[data-testid="employee-row"]').first().waitFor();
  await shoot(page, `${size}-16-employees-en`);

  await context.setOffline(true);
  await page.goto(`${baseUrl}/`).catch(() => undefined);
  await page.reload().catch(() => undefined);
  await page.locator('[data-testid="tile-sync"]').waitFor({ timeout: 15_000 }).catch(() => undefined);
  await shoot(page, `${size}-17-dashboard-offline`);
  await context.close();
}

await browser.close();
