// The set-up every browser test file shares: one Chromium, one fresh database and our real server on it
// for the file, and browser contexts that are closed after each test (so one test's presence or session
// never shows up in the next). Call once at the top level of a test file.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { launchBrowser, newContext } from './browser.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

export type BrowserSuite = {
  readonly browser: Browser;
  readonly server: ServerProcess;
  readonly databaseUrl: string;
  /** A German desktop (or phone-sized) context, closed after the running test. */
  newContext(size?: 'phone' | 'desktop'): Promise<BrowserContext>;
  /** Closes a context made some other way after the running test, too. */
  track(context: BrowserContext): BrowserContext;
};

export function useBrowserSuite(env: Record<string, string> = {}): BrowserSuite {
  let browser: Browser | undefined;
  let server: ServerProcess | undefined;
  let database: TestDatabase | undefined;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    database = await createTestDatabase();
    server = await startServerProcess({ DATABASE_URL: database.url, ...env });
  });
  afterEach(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    contexts = [];
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: use the suite inside tests and hooks, not at load time`);
    return value;
  };
  const track = (context: BrowserContext) => {
    contexts.push(context);
    return context;
  };
  return {
    get browser() {
      return started(browser, 'the browser');
    },
    get server() {
      return started(server, 'the server');
    },
    get databaseUrl() {
      return started(database, 'the database').url;
    },
    newContext: async (size = 'desktop') => track(await newContext(started(browser, 'the browser'), size)),
    track,
  };
}
