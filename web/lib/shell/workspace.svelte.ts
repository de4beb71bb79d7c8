// What the signed-in session keeps open while the app runs: the org doc (for presence, the query
// tables and fast screens) and this user's presence in it. The shell starts and stops it.
import type { DocHandle } from '$lib/data/doc-registry.ts';
import { openDoc } from '$lib/data/doc-registry.ts';
import { Presence, userColor } from '$lib/data/presence.svelte.ts';
import type { SessionUser } from '$lib/data/session-user.ts';
import { docName } from '@workmate/sync-protocol';

class Workspace {
  org = $state.raw<DocHandle | null>(null);
  presence = $state.raw<Presence | null>(null);
  /** Set when the org doc could not be opened (e.g. IndexedDB unavailable). */
  error = $state.raw<Error | null>(null);

  /** Opens the org doc for `user`; returns the function that closes it again. */
  start(user: SessionUser, viewing: string): () => void {
    let handle: DocHandle | null = null;
    let stopped = false;
    openDoc(docName({ kind: 'org' })).then(
      (opened) => {
        if (stopped) return opened.release();
        handle = opened;
        const presence = new Presence(opened.awareness);
        presence.set({ user: { id: user.id, name: user.name, color: userColor(user.id) }, viewing });
        this.org = opened;
        this.presence = presence;
        this.error = null;
      },
      (error: Error) => {
        if (!stopped) this.error = error;
      },
    );
    return () => {
      stopped = true;
      handle?.awareness.setLocalState(null);
      handle?.release();
      this.org = null;
      this.presence = null;
    };
  }
}

export const workspace = new Workspace();
