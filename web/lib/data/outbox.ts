// The outbox of unconfirmed changes: every local transaction on a synced doc is recorded with its client
// id and clock; when the server reports the state vector it has durably stored (message `Stored`), the
// entries it covers are removed. The count is what the sync indicator shows. The changes themselves live
// in the doc's IndexedDB update log (y-dexie), so the outbox is bookkeeping, not a second copy.
import type { DexieYDocMeta } from 'y-dexie';
import * as Y from 'yjs';
import { db } from './database.ts';

/**
 * Records a local transaction of `doc` that just happened. Call it from an `updateV2` handler registered
 * after y-dexie's: the transaction also spans the doc's update table, so IndexedDB commits it after
 * y-dexie's write of the same update — when it resolves, the update itself is stored.
 */
export async function recordLocalChange(name: string, doc: Y.Doc): Promise<void> {
  const clock = Y.getState(doc.store, doc.clientID);
  const updates = db.table((doc.meta as DexieYDocMeta).updatesTable);
  await db.transaction('rw', [updates, db.outbox], () => db.outbox.add({ doc: name, client: doc.clientID, clock, at: Date.now() }));
}

/** Removes the entries of `name` that the stored state vector covers; resolves with how many. */
export async function confirmStored(name: string, stored: Map<number, number>): Promise<number> {
  return db.outbox
    .where('doc')
    .equals(name)
    .filter((entry) => (stored.get(entry.client) ?? 0) >= entry.clock)
    .delete();
}
