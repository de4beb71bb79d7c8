// Wiping this device's Workmate data: every doc, the outbox, the query tables and the remembered user,
// plus the service worker's runtime caches of API responses. Used when signing out, and before a
// different user signs in on a browser that still holds someone else's data.
import { closeAllDocs } from './doc-registry.ts';
import { db } from './database.ts';
import { clearJournals } from './unload-journal.ts';

/** Runtime caches the service worker may fill with API data; the precached app shell stays. */
const isDataCache = (name: string) => !name.startsWith('workbox-precache');

/**
 * `reopen`: false when the page is left right after (sign-out); then nothing still running in this page
 * — a live query, a closing doc — can recreate the database before the page goes.
 */
export async function wipeLocalData({ reopen }: { reopen: boolean }): Promise<void> {
  await closeAllDocs();
  await db.delete({ disableAutoOpen: !reopen });
  clearJournals();
  if (typeof caches !== 'undefined') {
    const names = await caches.keys();
    await Promise.all(names.filter(isDataCache).map((name) => caches.delete(name)));
  }
}
