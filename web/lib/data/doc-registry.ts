// Opens and closes the synced Y.Docs of this device by reference count. Opening a doc loads it from
// IndexedDB first (y-dexie) — so every screen works offline — then connects it to the sync server.
// While open, each local transaction is recorded in the outbox and the doc's query tables are derived.
// A doc nobody holds stays open for a short grace period, so moving between screens does not reconnect.
import { DexieYProvider } from 'y-dexie';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { parseDocName } from '@workmate/sync-protocol';
import { db } from './database.ts';
import { confirmStored, recordLocalChange } from './outbox.ts';
import { deriveQueryTables } from './query-tables/derive-query-tables.ts';
import { session } from './session.svelte.ts';
import { SyncConnection } from './sync-connection.ts';
import { syncStatus } from './sync-status.svelte.ts';
import { forgetUpTo, journalUpdate, takeJournal } from './unload-journal.ts';

export type DocHandle = {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Gives the doc back; call exactly once. */
  release(): void;
};

type OpenDoc = {
  name: string;
  doc: Y.Doc;
  awareness: Awareness;
  connection: SyncConnection;
  refs: number;
  closeTimer: ReturnType<typeof setTimeout> | null;
  close(): void;
};

/** Origin of updates replayed from the unload journal. */
const JOURNAL_REPLAY = Symbol('journal-replay');

/** How long a doc nobody holds stays open (and connected). */
const GRACE_MS = 30_000;

const opening = new Map<string, Promise<OpenDoc>>();

export async function openDoc(name: string): Promise<DocHandle> {
  let entry = opening.get(name);
  if (!entry) {
    entry = load(name);
    opening.set(name, entry);
    entry.catch(() => opening.delete(name));
  }
  const open = await entry;
  open.refs++;
  if (open.closeTimer) {
    clearTimeout(open.closeTimer);
    open.closeTimer = null;
  }
  let released = false;
  return {
    name,
    doc: open.doc,
    awareness: open.awareness,
    release() {
      if (released) return;
      released = true;
      if (--open.refs === 0) open.closeTimer = setTimeout(() => closeDoc(open), GRACE_MS);
    },
  };
}

async function load(name: string): Promise<OpenDoc> {
  const parsed = parseDocName(name);
  if (!parsed.ok) throw new Error(`Cannot open doc "${name}": ${parsed.reason}.`);
  if (!(await db.docs.get(name))) await db.docs.put({ name });
  const doc = DexieYProvider.getOrCreateDocument(db, 'docs', 'doc', name);
  await DexieYProvider.load(doc).whenLoaded;

  const awareness = new Awareness(doc);
  const connection = new SyncConnection(name, doc, awareness, !session.expired, {
    state: (state) => syncStatus.report(name, state),
    stored: (stateVector) => {
      void confirmStored(name, stateVector).then(
        (count) => count > 0 && syncStatus.confirmed(Date.now()),
        (error: unknown) => console.warn('could not update the outbox', error),
      );
    },
    unauthorized: (revoked) => {
      if (revoked) session.markRevoked();
      else session.markExpired();
      pauseSync();
    },
  });

  const local = DexieYProvider.for(doc);
  // `updateV2` is also what y-dexie stores; registered after it, this handler runs after its write began.
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    // Updates from the server, another tab (BroadcastChannel) or IndexedDB are not this tab's changes.
    if (origin === connection.provider || origin === local) return;
    const seq = journalUpdate(name, update);
    recordLocalChange(name, doc).then(
      () => forgetUpTo(name, seq),
      (error: unknown) => console.warn('could not record a local change', error),
    );
  };
  doc.on('updateV2', onUpdate);
  // Keystrokes a previous page could not store before it unloaded: replayed as local changes.
  for (const update of takeJournal(name)) Y.applyUpdateV2(doc, update, JOURNAL_REPLAY);
  const stopDeriving = deriveQueryTables(parsed.ref, doc, (error) => console.warn(`could not update the query tables of ${name}`, error));

  return {
    name,
    doc,
    awareness,
    connection,
    refs: 0,
    closeTimer: null,
    close() {
      stopDeriving();
      doc.off('updateV2', onUpdate);
      awareness.setLocalState(null);
      connection.destroy();
      awareness.destroy();
      DexieYProvider.release(doc);
      syncStatus.forget(name);
    },
  };
}

function closeDoc(open: OpenDoc): void {
  if (open.refs > 0) return;
  opening.delete(open.name);
  open.close();
}

async function openDocs(): Promise<OpenDoc[]> {
  const settled = await Promise.allSettled(opening.values());
  return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

/** Connects every open doc again: after signing in again, coming back online, or "Erneut verbinden". */
export function resumeSync(): void {
  if (session.expired) return;
  void openDocs().then((docs) => docs.forEach((open) => open.connection.resume()));
}

/** Disconnects every open doc (the session was refused); local work continues. */
export function pauseSync(): void {
  void openDocs().then((docs) =>
    docs.forEach((open) => {
      open.connection.pause();
      syncStatus.report(open.name, 'expired');
    }),
  );
}

/** Closes every doc at once, held or not (sign-out). */
export async function closeAllDocs(): Promise<void> {
  const docs = await openDocs();
  opening.clear();
  for (const open of docs) {
    if (open.closeTimer) clearTimeout(open.closeTimer);
    open.refs = 0;
    open.close();
  }
}
