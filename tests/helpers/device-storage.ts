// What a browser profile holds for the app's origin, read from a page the way the app cannot hide it:
// rows of the Dexie database `workmate` (including y-dexie's update tables), the service worker's
// caches, and a search for a text through every IndexedDB database, cache entry and localStorage key.
// Each read opens its own IndexedDB connection and closes it at once, so it never blocks the app's
// own deletion of the database.
import type { Page } from 'playwright-core';

export const APP_DATABASE = 'workmate';
/** The table y-dexie keeps the update log of the `docs` table's `doc` property in (`{ i, k: docName, u: updateV2 }`). */
export const DOC_UPDATES_TABLE = '$docs.doc_updates';

/** Structured-clone rows with byte arrays as number arrays, so they can leave the page. */
export type PortableRow = Record<string, unknown>;

/** The rows of one table of the app's database; [] when the database or table does not exist. */
export function appTableRows(page: Page, table: string): Promise<PortableRow[]> {
  return page.evaluate(
    ({ name, table }) =>
      new Promise<PortableRow[]>((resolve, reject) => {
        const portable = (value: unknown): unknown => {
          if (value instanceof Uint8Array) return [...value];
          if (Array.isArray(value)) return value.map(portable);
          if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, portable(v)]));
          return value;
        };
        const request = indexedDB.open(name);
        // Opening a database that does not exist would create it: abort that instead.
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onerror = () => resolve([]);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains(table)) {
            db.close();
            return resolve([]);
          }
          const all = db.transaction(table).objectStore(table).getAll();
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((row) => portable(row) as PortableRow));
          };
          all.onerror = () => {
            db.close();
            reject(all.error);
          };
        };
      }),
    { name: APP_DATABASE, table },
  );
}

/** The updates y-dexie has stored for a doc, oldest first (Yjs v2 encoding). */
export async function storedDocUpdates(page: Page, docName: string): Promise<Uint8Array[]> {
  const rows = await appTableRows(page, DOC_UPDATES_TABLE);
  return rows
    .filter((row) => row.k === docName)
    .sort((a, b) => Number(a.i) - Number(b.i))
    .map((row) => new Uint8Array(row.u as number[]));
}

/** Names of the Cache Storage caches of the origin (the service worker's precache and any runtime cache). */
export const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

/**
 * Every place of the origin's storage that contains `text`: "indexeddb <db>/<store>", "cache <name> <url>",
 * "localStorage <key>". Byte arrays (Yjs updates) are searched as UTF-8, which is how Yjs encodes strings.
 */
export function storageMentioning(page: Page, text: string): Promise<string[]> {
  return page.evaluate(async (text) => {
    const utf8 = new TextDecoder();
    const mentions = (value: unknown): boolean => {
      if (typeof value === 'string') return value.includes(text);
      if (value instanceof ArrayBuffer) return utf8.decode(value).includes(text);
      if (ArrayBuffer.isView(value)) return utf8.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)).includes(text);
      if (value instanceof Blob) return false;
      if (Array.isArray(value)) return value.some(mentions);
      if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes(text) || mentions(v));
      return false;
    };
    const found: string[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      try {
        for (const store of db.objectStoreNames) {
          const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
            const tx = db.transaction(store);
            const keys = tx.objectStore(store).getAllKeys();
            const values = tx.objectStore(store).getAll();
            tx.oncomplete = () => resolve([keys.result, values.result]);
            tx.onerror = () => reject(tx.error);
          });
          if (mentions(keys) || mentions(values)) found.push(`indexeddb ${name}/${store}`);
        }
      } finally {
        db.close();
      }
    }
    for (const cacheName of await caches.keys()) {
      const cache = await caches.open(cacheName);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (request.url.includes(text) || (response && (await response.text()).includes(text))) found.push(`cache ${cacheName} ${request.url}`);
      }
    }
    for (const key of Object.keys(localStorage)) {
      if (key.includes(text) || localStorage.getItem(key)!.includes(text)) found.push(`localStorage ${key}`);
    }
    return found;
  }, text);
}
