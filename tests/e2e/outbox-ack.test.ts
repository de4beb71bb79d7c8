// The outbox in a real browser, against a server that cannot store: while the update log is locked in
// Postgres, the edit a user typed stays unconfirmed — in the Dexie `outbox` table, in the top bar
// ("1 Änderung nicht bestätigt") and in the sign-out warning — even though colleagues already see it.
// Once the lock is released and the row is committed, the server's `Stored` ack clears it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { orgDoc } from '@workmate/sync-protocol';
import { useBrowserSuite } from '../helpers/browser-suite.ts';
import { appTableRows } from '../helpers/device-storage.ts';
import { ADMIN, field, openAs } from '../helpers/directory-pages.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn } from '../helpers/server-process.ts';
import { lockDocUpdates, untilAnInsertWaitsForTheLock } from '../helpers/stalled-doc-writes.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { loadStoredDocs } from '../chaos/server-view.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

const suite = useBrowserSuite();

const indicator = (page: Page) => page.getByTestId('sync-indicator');
const unconfirmed = async (page: Page) => Number(await indicator(page).getAttribute('data-unconfirmed'));
const outboxRows = (page: Page) => appTableRows(page, 'outbox');

/** The employee's position as Postgres holds the org doc now. */
async function storedPosition(id: string): Promise<string> {
  const org = (await loadStoredDocs(suite.databaseUrl, ['org'])).get('org')!;
  return orgDoc.readEmployee(orgDoc.employeesOf(org).get(id)!).position;
}

describe('outbox and Stored acks', () => {
  it('keeps an edit unconfirmed while Postgres cannot store it, though a colleague already sees it, and clears it once it is stored', async () => {
    const id = demoEmployeeId(8);
    const user = await openAs(suite, 'chefin@muster-gmbh.de');
    await user.page.goto(`${suite.server.url}/employees/${id}`);
    await expect.poll(() => field(user.page, 'lastName').inputValue(), { timeout: 30_000 }).not.toBe('');
    await expect.poll(() => indicator(user.page).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    expect(await unconfirmed(user.page)).toBe(0);

    // A colleague's device on the same doc, connected before the lock (opening a doc reads the log).
    const colleague = connectNodeClient(suite.server.url, 'org', await signIn(suite.server.url, ADMIN, DEMO_PASSWORD));
    await waitFor(() => colleague.provider.synced, { timeoutMs: 20_000, what: 'the colleague to sync' }).catch((error: Error) => {
      colleague.destroy();
      throw error;
    });
    const lock = await lockDocUpdates(suite.databaseUrl);
    try {
      await field(user.page, 'position').fill('Bestätigt erst nach dem Speichern');
      await expect.poll(() => unconfirmed(user.page), { timeout: 10_000 }).toBe(1);
      expect(await indicator(user.page).textContent()).toContain('1 Änderung nicht bestätigt');

      // The server has the edit (it relayed it, and its write waits for the lock) ...
      await untilAnInsertWaitsForTheLock(suite.databaseUrl);
      await waitFor(() => orgDoc.readEmployee(orgDoc.employeesOf(colleague.doc).get(id)!).position === 'Bestätigt erst nach dem Speichern', {
        what: 'the colleague to see the edit',
      });
      // ... and whatever it sent this browser before relaying the colleague's edit has been handled: an ack
      // sent on receipt would have cleared the outbox by now.
      colleague.doc.transact(() => orgDoc.setEmployeeField(colleague.doc, id, 'phone', '+49 171 5550188', new Date().toISOString()));
      await expect.poll(() => field(user.page, 'phone').inputValue(), { timeout: 10_000 }).toBe('+49 171 5550188');
      expect(await outboxRows(user.page)).toEqual([expect.objectContaining({ doc: 'org' })]);
      expect(await unconfirmed(user.page)).toBe(1);

      // Signing out now would lose the edit: the app says so.
      await user.page.getByTestId('sign-out').first().click();
      const warning = user.page.getByRole('alertdialog');
      await warning.waitFor({ timeout: 15_000 });
      expect(await warning.textContent()).toContain('1 Änderung wurde vom Server noch nicht bestätigt');
      await warning.getByRole('button', { name: 'Abbrechen' }).click();
      expect(await outboxRows(user.page)).toHaveLength(1);
    } finally {
      await lock.release();
      colleague.destroy();
    }

    await expect.poll(() => unconfirmed(user.page), { timeout: 20_000 }).toBe(0);
    expect(await outboxRows(user.page)).toEqual([]);
    expect(await indicator(user.page).textContent()).not.toContain('nicht bestätigt');
    expect(await storedPosition(id)).toBe('Bestätigt erst nach dem Speichern');
    expect(user.errors).toEqual([]);
  });
});
