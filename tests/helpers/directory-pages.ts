// What the browser tests of the company directory (employees, departments, dock, language, validation)
// share: a signed-in page per person, the form fields and dialogs they use, the list rows on screen, and
// the server's org doc to compare them with.
import type { BrowserContext, Page } from 'playwright-core';
import type * as Y from 'yjs';
import { collectErrors, signInInBrowser } from './browser.ts';
import type { BrowserSuite } from './browser-suite.ts';
import { connectNodeClient } from './node-sync-client.ts';
import { signIn, type ServerProcess } from './server-process.ts';
import { waitFor } from './wait-for.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

export const ADMIN = 'admin@muster-gmbh.de';

export type DirectoryUser = { page: Page; context: BrowserContext; errors: string[] };

/** A fresh profile on the suite's server, signed in as `email`, recording page errors. */
export async function openAs(suite: BrowserSuite, email: string, size: 'phone' | 'desktop' = 'desktop'): Promise<DirectoryUser> {
  const context = await suite.newContext(size);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await signInInBrowser(page, suite.server.url, email);
  return { page, context, errors };
}

export const field = (page: Page, name: string) => page.locator(`[name="${name}"]`);
export const openDialog = (page: Page) => page.locator('dialog[open]');

/** Waits until a fresh y-websocket client sees the server's org doc satisfy `read`, and returns that. */
export async function serverOrg<T>(server: ServerProcess, read: (doc: Y.Doc) => T | false | undefined, timeoutMs = 20_000): Promise<T> {
  const cookie = await signIn(server.url, ADMIN, DEMO_PASSWORD);
  const probe = connectNodeClient(server.url, 'org', cookie);
  try {
    return (await waitFor(() => probe.provider.synced && read(probe.doc), { timeoutMs, what: 'the server’s org doc' })) as T;
  } finally {
    probe.destroy();
  }
}

/** The employee list rows currently in the DOM, in list order. */
export function rowsInView(page: Page) {
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
