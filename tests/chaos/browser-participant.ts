// A browser in the chaos run (npm run chaos): the built app in Chromium, signed in through the login
// page, typing `⟦id⟧` tokens into the chaos employee's notes field — the same Y.Text the Node clients
// type into — and now and then going offline (and typing on). Its replica is what the app persisted
// in IndexedDB (y-dexie's update log), read back at the end.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { newContext, signInInBrowser } from '../helpers/browser.ts';
import type { ChaosParticipant } from './scenario.ts';
import type { Edit, Random } from './edits.ts';

export type BrowserParticipantOptions = {
  browser: Browser;
  name: string;
  serverUrl: string;
  email: string;
  employeeId: string;
  editIntervalMs: number;
  random: Random;
};

export async function startBrowserParticipant(o: BrowserParticipantOptions): Promise<ChaosParticipant> {
  const context: BrowserContext = await newContext(o.browser);
  const page: Page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInInBrowser(page, o.serverUrl, o.email);
  await page.goto(`${o.serverUrl}/employees/${o.employeeId}`);
  await page.locator('[name="notes"]').waitFor({ timeout: 60_000 });

  const edits: Edit[] = [];
  let seq = 0;
  let editing = true;
  let offlineUntil = 0;
  const loop = (async () => {
    while (editing) {
      await new Promise((r) => setTimeout(r, o.editIntervalMs * (0.5 + o.random())));
      if (!editing) break;
      if (offlineUntil === 0 && o.random() < 0.03) {
        offlineUntil = Date.now() + 2_000 + 4_000 * o.random();
        await context.setOffline(true);
      } else if (offlineUntil !== 0 && Date.now() > offlineUntil) {
        offlineUntil = 0;
        await context.setOffline(false);
      }
      const id = `${o.name}-${seq++}`;
      const token = `⟦${id}⟧·`;
      // Caret to the end and insert in one synchronous step, so a colleague's edit arriving in between
      // cannot move the caret into the middle of their token.
      const typed = await page
        .evaluate((text) => {
          const notes = document.querySelector<HTMLTextAreaElement>('[name="notes"]');
          if (!notes) return false;
          notes.focus();
          notes.setSelectionRange(notes.value.length, notes.value.length);
          return document.execCommand('insertText', false, text) && notes.value.includes(text);
        }, token)
        .catch(() => false);
      if (typed) edits.push({ doc: 'org', kind: 'token', id });
    }
    await context.setOffline(false);
  })();

  return {
    name: o.name,
    docNames: ['org'],
    edits,
    stopEditing() {
      editing = false;
    },
    async report() {
      await loop;
      if (pageErrors.length > 0) throw new Error(`${o.name} page errors: ${pageErrors.join('; ')}`);
      const state = await page.getByTestId('sync-indicator').getAttribute('data-state');
      const unconfirmed = await page.getByTestId('sync-indicator').getAttribute('data-unconfirmed');
      const doc = new Y.Doc();
      for (const update of await persistedUpdates(page, 'org')) Y.applyUpdateV2(doc, update);
      return { docs: new Map([['org', doc]]), synced: state === 'online' && unconfirmed === '0' };
    },
    async dispose() {
      editing = false;
      await loop.catch(() => undefined);
      await context.close().catch(() => undefined);
    },
  };
}

/** The doc's update log as y-dexie keeps it in the app's IndexedDB (`$docs.doc_updates`, rows { k, u }). */
async function persistedUpdates(page: Page, docName: string): Promise<Uint8Array[]> {
  const encoded = await page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('workmate');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('$docs.doc_updates').objectStore('$docs.doc_updates').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const rows = request.result as Array<{ k?: unknown; u?: unknown }>;
            db.close();
            resolve(
              rows
                .filter((row) => row.k === name && row.u instanceof Uint8Array)
                .map((row) => {
                  let binary = '';
                  const bytes = row.u as Uint8Array;
                  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
                  return btoa(binary);
                }),
            );
          };
        };
      }),
    docName,
  );
  return encoded.map((b64) => new Uint8Array(Buffer.from(b64, 'base64')));
}
