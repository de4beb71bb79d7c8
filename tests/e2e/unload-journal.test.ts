// The unload journal in a real browser: a keystroke that IndexedDB had not written when the page was
// reloaded comes back from the journal — offline, so only the device can supply it — lands in IndexedDB,
// and reaches the server once the device is online again.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { orgDoc } from '@workmate/sync-protocol';
import { untilServiceWorkerControls } from '../helpers/browser.ts';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { APP_DATABASE, DOC_UPDATES_TABLE, appTableRows, storedDocUpdates } from '../helpers/device-storage.ts';
import { field, openAs, serverOrg } from '../helpers/directory-pages.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

const JOURNAL_KEY = 'workmate.journal.org';
const indicator = (page: Page) => page.getByTestId('sync-indicator');
const journalEntries = (page: Page) => page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[]).length, JOURNAL_KEY);

const notesIn = (doc: Y.Doc, id: string) => {
  const record = orgDoc.employeesOf(doc).get(id);
  return record ? orgDoc.employeeNotes(record).toString() : undefined;
};

/** The employee's notes as this device's IndexedDB holds the org doc (y-dexie's update log, applied afresh). */
async function notesInIndexedDb(page: Page, id: string): Promise<string | undefined> {
  const doc = new Y.Doc();
  for (const update of await storedDocUpdates(page, 'org')) Y.applyUpdateV2(doc, update);
  return notesIn(doc, id);
}

/**
 * From now until the page unloads, no write to y-dexie's update table commits: a transaction of the
 * page's own on that table is kept busy, so the app's writes (and the outbox's, which spans the table)
 * queue behind it — as when a reload comes before IndexedDB got round to the keystroke. The unload
 * aborts it, and the queued writes with it. Resolves once the blocking transaction holds the table.
 */
function holdDocUpdateWritesUntilUnload(page: Page): Promise<void> {
  return page.evaluate(
    ({ database, table }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(database);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const store = request.result.transaction(table, 'readwrite').objectStore(table);
          // A request always pending: the transaction never finishes, so it never lets another one in.
          const keepBusy = () => (store.count().onsuccess = keepBusy);
          store.count().onsuccess = () => {
            keepBusy();
            resolve();
          };
        };
      }),
    { database: APP_DATABASE, table: DOC_UPDATES_TABLE },
  );
}

describe('unload journal', () => {
  it('replays a keystroke IndexedDB had not written before an offline reload, stores it, and delivers it once online', async () => {
    const id = demoEmployeeId(12);
    const user = await openAs(suite, 'chefin@muster-gmbh.de');
    await user.page.goto(`${suite.server.url}/employees/${id}`);
    await expect.poll(() => field(user.page, 'lastName').inputValue(), { timeout: 30_000 }).not.toBe('');
    await expect.poll(() => indicator(user.page).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await untilServiceWorkerControls(user.page);
    const notesBefore = await field(user.page, 'notes').inputValue();
    expect(notesBefore).not.toContain('§');

    await user.context.setOffline(true);
    await expect.poll(() => indicator(user.page).getAttribute('data-state'), { timeout: 20_000 }).toBe('offline');
    await holdDocUpdateWritesUntilUnload(user.page);
    await field(user.page, 'notes').focus();
    await user.page.keyboard.press('ControlOrMeta+End');
    await user.page.keyboard.type('§');
    // The keystroke is in the doc and in the journal; IndexedDB cannot commit it, so the journal keeps it.
    await expect.poll(() => journalEntries(user.page), { timeout: 10_000 }).toBeGreaterThan(0);

    await user.page.reload();
    await expect.poll(() => field(user.page, 'notes').inputValue(), { timeout: 30_000 }).toBe(notesBefore + '§');
    // Replayed as a local change: written to IndexedDB and the outbox, then dropped from the journal.
    await expect.poll(() => journalEntries(user.page), { timeout: 10_000 }).toBe(0);
    expect(await notesInIndexedDb(user.page, id)).toBe(notesBefore + '§');
    expect((await appTableRows(user.page, 'outbox')).length).toBeGreaterThan(0);
    // Only this device has it: the server never saw the keystroke.
    expect(await serverOrg(suite.server, (doc) => notesIn(doc, id) !== undefined && { notes: notesIn(doc, id) })).toEqual({ notes: notesBefore });

    await user.context.setOffline(false);
    await expect.poll(async () => Number(await indicator(user.page).getAttribute('data-unconfirmed')), { timeout: 30_000 }).toBe(0);
    expect(await serverOrg(suite.server, (doc) => notesIn(doc, id) !== undefined && { notes: notesIn(doc, id) })).toEqual({ notes: notesBefore + '§' });
    expect(user.errors).toEqual([]);
  });
});
