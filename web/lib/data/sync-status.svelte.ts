// The device's sync state for the shell: per open doc what its connection is doing, the number of local
// changes the server has not confirmed, and when it last confirmed one. The doc registry reports into
// it; the sync indicator, the dashboard and presence read it.
import { liveQuery } from 'dexie';
import { SvelteMap } from 'svelte/reactivity';
import { db, readMeta, writeMeta } from './database.ts';
import { session } from './session.svelte.ts';

/** One doc's connection: `forbidden`/`refused` are final until the user retries or signs in again. */
export type DocSyncState = 'connecting' | 'connected' | 'synced' | 'offline' | 'expired' | 'forbidden' | 'refused';
/** What the shell shows. */
export type SyncState = 'online' | 'syncing' | 'offline' | 'expired' | 'error';

const LAST_STORED_KEY = 'last-stored-at';

class SyncStatus {
  readonly docs = new SvelteMap<string, DocSyncState>();
  /** Local transactions not yet confirmed as stored by the server (all tabs of this device). */
  unconfirmed = $state(0);
  /** When the server last confirmed one of this device's changes (ms). */
  lastStoredAt = $state<number | null>(null);
  /** The browser believes it has a network. */
  networkUp = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** Docs that were just refused by the server; the shell tells the user once per refusal. */
  failedDocs = $state.raw<string[]>([]);
  #started = false;

  /** Starts watching the network; idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    window.addEventListener('online', () => (this.networkUp = true));
    window.addEventListener('offline', () => (this.networkUp = false));
  }

  /**
   * Watches the outbox of the signed-in user's data until the returned function is called. Only while
   * someone is signed in: looking must not create the database on a wiped device.
   */
  watchOutbox(): () => void {
    const subscription = liveQuery(() => db.outbox.count()).subscribe({
      next: (count) => (this.unconfirmed = count),
      error: (error: unknown) => console.warn('could not count unconfirmed changes', error),
    });
    void readMeta<number>(LAST_STORED_KEY).then(
      (at) => (this.lastStoredAt = typeof at === 'number' ? at : this.lastStoredAt),
      () => undefined,
    );
    return () => {
      subscription.unsubscribe();
      this.unconfirmed = 0;
      this.lastStoredAt = null;
    };
  }

  report(doc: string, state: DocSyncState): void {
    if (this.docs.get(doc) === state) return;
    this.docs.set(doc, state);
    if (state === 'forbidden' || state === 'refused') this.failedDocs = [doc];
  }

  forget(doc: string): void {
    this.docs.delete(doc);
  }

  confirmed(at: number): void {
    this.lastStoredAt = at;
    void writeMeta(LAST_STORED_KEY, at).catch(() => undefined);
  }

  /** At least one doc is connected and in sync with the server: presence is live. */
  get live(): boolean {
    for (const state of this.docs.values()) if (state === 'synced') return true;
    return false;
  }

  get state(): SyncState {
    if (session.expired) return 'expired';
    const states = [...this.docs.values()];
    if (states.some((s) => s === 'forbidden' || s === 'refused')) return 'error';
    if (!this.networkUp) return 'offline';
    if (states.length === 0) return 'online';
    if (states.every((s) => s === 'synced')) return 'online';
    if (states.some((s) => s === 'connected' || s === 'synced')) return 'syncing';
    // Connecting for the first time counts as syncing; a dropped connection that keeps failing is offline.
    return states.some((s) => s === 'offline') ? 'offline' : 'syncing';
  }
}

export const syncStatus = new SyncStatus();
