// Chromium with an ordinary on-disk profile instead of an off-the-record context. Contexts from
// `browser.newContext()` count as incognito windows, from which Chromium never installs an app
// ("in-incognito"), so installability is checked in a profile like the one a user has.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumPath } from './browser.ts';

export type ProfileBrowser = { context: BrowserContext; close(): Promise<void> };

export async function launchProfileBrowser(): Promise<ProfileBrowser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'workmate-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1440, height: 900 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
