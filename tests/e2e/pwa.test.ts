// The app as an installable PWA on the real server: manifest and icons, a cold start offline from the
// service worker, the "Neue Version verfügbar" prompt after a deploy, and the caching headers that make
// a deploy visible at all.
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase } from '../helpers/database.ts';
import { collectErrors, launchBrowser, newContext, signInInBrowser, untilServiceWorkerControls } from '../helpers/browser.ts';
import { launchProfileBrowser } from '../helpers/profile-browser.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const builtApp = resolve(import.meta.dirname, '../../build');

let browser: Browser;
let server: ServerProcess;
let dropDatabase: () => Promise<void>;
/** A copy of the built app, so a test can "deploy" a new service worker without touching build/. */
let staticDir: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await readFile(join(builtApp, 'index.html')).catch(() => {
    throw new Error(`The web app is not built (no ${builtApp}/index.html): run \`npm run build\` first.`);
  });
  staticDir = await mkdtemp(join(tmpdir(), 'workmate-pwa-'));
  await cp(builtApp, staticDir, { recursive: true });
  browser = await launchBrowser();
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  server = await startServerProcess({ DATABASE_URL: database.url, STATIC_DIR: staticDir });
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await dropDatabase?.();
  if (staticDir) await rm(staticDir, { recursive: true, force: true });
});

async function freshContext(): Promise<BrowserContext> {
  const context = await newContext(browser);
  contexts.push(context);
  return context;
}

/** Width and height from a PNG's IHDR chunk, which always directly follows the 8-byte signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

type ManifestIcon = { src: string; sizes: string; type: string; purpose?: string };

describe('installable app', () => {
  it('links a German web manifest whose icons exist in the stated sizes, and Chromium finds nothing that blocks installing', async () => {
    // An ordinary profile: in the off-the-record contexts of `newContext` Chromium always reports
    // "in-incognito", which says nothing about the app. Here every installability error would be ours.
    const profile = await launchProfileBrowser();
    try {
      const page = await profile.context.newPage();
      const errors = collectErrors(page);
      await page.goto(server.url + '/login');
      await untilServiceWorkerControls(page);

      const href = await page.locator('link[rel="manifest"]').getAttribute('href');
      expect(href).toBeTruthy();
      const manifestUrl = new URL(href!, server.url);
      const manifestResponse = await fetch(manifestUrl);
      expect(manifestResponse.status).toBe(200);
      const manifest = (await manifestResponse.json()) as Record<string, unknown> & { icons: ManifestIcon[] };
      expect(manifest).toMatchObject({
        name: 'Workmate OS',
        short_name: 'Workmate',
        lang: 'de',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
        background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
      });
      // The page's theme colour and the manifest's agree, so the title bar keeps its colour after start.
      expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(manifest.theme_color);

      const anyPurpose = manifest.icons.filter((icon) => !icon.purpose || icon.purpose.split(' ').includes('any'));
      expect(anyPurpose.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
      expect(manifest.icons.some((icon) => icon.purpose?.split(' ').includes('maskable'))).toBe(true);
      for (const icon of manifest.icons) {
        expect(icon.type, icon.src).toBe('image/png');
        const response = await fetch(new URL(icon.src, manifestUrl));
        expect(response.status, icon.src).toBe(200);
        expect(response.headers.get('content-type'), icon.src).toMatch(/^image\/png\b/);
        const { width, height } = pngSize(Buffer.from(await response.arrayBuffer()));
        expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
      }

      const cdp = await profile.context.newCDPSession(page);
      const parsed = await cdp.send('Page.getAppManifest');
      expect(parsed.url).toBe(manifestUrl.toString());
      expect(parsed.errors).toEqual([]);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await profile.close();
    }
  });
});

describe('caching headers', () => {
  it('lets browsers keep hashed assets forever but revalidate the service worker and the app shell', async () => {
    const shell = await (await fetch(server.url + '/index.html')).text();
    const asset = /\/_app\/immutable\/[^"]+\.js/.exec(shell)?.[0];
    expect(asset).toBeTruthy();

    const cacheControl = async (path: string) => {
      const response = await fetch(server.url + path);
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
      return response.headers.get('cache-control');
    };
    const assetCaching = await cacheControl(asset!);
    expect(assetCaching).toMatch(/\bimmutable\b/);
    expect(assetCaching).toMatch(/\bmax-age=31536000\b/);
    for (const path of ['/sw.js', '/index.html', '/', `/employees/${demoEmployeeId(5)}`, '/employees/x']) {
      expect(await cacheControl(path), path).toBe('no-cache');
    }
  });
});

describe('offline start', () => {
  it('starts a new window offline at a deep link and on the departments page from the service worker, with the local data', async () => {
    const context = await freshContext();
    const first = await context.newPage();
    await signInInBrowser(first, server.url, 'admin@muster-gmbh.de');
    await untilServiceWorkerControls(first);
    // The directory tile reads the device's query tables: once it counts everyone, the org doc is on the device.
    await expect.poll(() => first.locator('[data-testid="count-employees"] .number').textContent(), { timeout: 30_000 }).toBe('25');
    await expect.poll(() => first.getAttribute('[data-testid="sync-indicator"]', 'data-state'), { timeout: 30_000 }).toBe('online');
    await first.close();

    await context.setOffline(true);
    const id = demoEmployeeId(5);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const employeeResponse = await page.goto(`${server.url}/employees/${id}`);
    expect(employeeResponse?.fromServiceWorker()).toBe(true);
    await expect.poll(() => page.locator('[name="firstName"]').inputValue(), { timeout: 30_000 }).toBe('Max');
    await expect.poll(() => page.locator('[name="lastName"]').inputValue(), { timeout: 30_000 }).toBe('Mustermann');
    await expect.poll(() => page.getAttribute('[data-testid="sync-indicator"]', 'data-state'), { timeout: 30_000 }).toBe('offline');

    const departmentsResponse = await page.goto(`${server.url}/departments`);
    expect(departmentsResponse?.fromServiceWorker()).toBe(true);
    await expect
      .poll(() => page.locator('[data-testid="department-row"] h2').allTextContents(), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['Geschäftsführung & Verwaltung', 'Vertrieb', 'Technik & Montage', 'Lager & Logistik']));
    await expect.poll(() => page.getAttribute('[data-testid="sync-indicator"]', 'data-state'), { timeout: 30_000 }).toBe('offline');
    expect(errors).toEqual([]);
  });
});

describe('update prompt', () => {
  it('offers "Neue Version verfügbar" after a deploy and switches to the new version on "Neu laden"', async () => {
    const context = await freshContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await signInInBrowser(page, server.url, 'admin@muster-gmbh.de');
    await untilServiceWorkerControls(page);
    await expect.poll(() => page.locator('[data-testid="greeting"]').isVisible(), { timeout: 30_000 }).toBe(true);
    const prompt = page.locator('[data-testid="update-prompt"]');
    expect(await prompt.count()).toBe(0);

    // The deploy: a byte-different worker that, unlike the old one, answers which deploy it is.
    await appendFile(
      join(staticDir, 'sw.js'),
      "\nself.addEventListener('message', (event) => { if (event.data === 'which-deploy') event.ports[0]?.postMessage('second'); });\n",
    );
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.update()));

    await expect.poll(() => prompt.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await prompt.locator('p').textContent()).toBe('Neue Version verfügbar');

    await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
    await prompt.getByRole('button', { name: 'Neu laden' }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload ?? false).catch(() => true), { timeout: 30_000 })
      .toBe(false);

    await expect.poll(() => page.locator('[data-testid="greeting"]').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(page.url()).toBe(server.url + '/');
    expect(await prompt.count()).toBe(0);
    await expect.poll(() => page.getAttribute('[data-testid="sync-indicator"]', 'data-state'), { timeout: 30_000 }).toBe('online');
    const controllingDeploy = () =>
      page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = (event) => resolve(event.data as string);
            navigator.serviceWorker.controller?.postMessage('which-deploy', [channel.port2]);
          }),
      );
    expect(await controllingDeploy()).toBe('second');
    expect(errors).toEqual([]);
  });
});
