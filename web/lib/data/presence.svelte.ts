// Who else has a doc open, which page they look at and which field they are editing — read from the
// doc's awareness (y-protocols). Remote states are untrusted input: only well-formed ones become peers.
import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import { userColor } from '@workmate/sync-protocol';

// The colour rule is shared with the server, which stamps it into every presence state.
export { userColor };

export type PeerUser = { id: string; name: string; color: string };
export type Peer = { clientId: number; user: PeerUser; viewing?: string; editing?: string };
export type PresenceFields = { user: PeerUser; viewing: string | undefined; editing: string | undefined };

/** Colours with enough contrast for white initials and for a 2px field outline on white. */
const MAX_TEXT = 200;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;

function peerOf(clientId: number, state: Record<string, unknown>): Peer | null {
  const user = state.user as Record<string, unknown> | undefined;
  if (!user || !isText(user.id) || !isText(user.name) || !isText(user.color) || !/^#[0-9a-f]{6}$/i.test(user.color)) return null;
  return {
    clientId,
    user: { id: user.id, name: user.name, color: user.color },
    viewing: isText(state.viewing) ? state.viewing : undefined,
    editing: isText(state.editing) ? state.editing : undefined,
  };
}

export class Presence {
  readonly #awareness: Awareness;
  readonly #subscribe: () => void;

  constructor(awareness: Awareness) {
    this.#awareness = awareness;
    this.#subscribe = createSubscriber((update) => {
      awareness.on('change', update);
      return () => awareness.off('change', update);
    });
  }

  /** Everybody else with this doc open (one entry per browser tab). */
  get others(): Peer[] {
    this.#subscribe();
    const peers: Peer[] = [];
    for (const [clientId, state] of this.#awareness.getStates()) {
      if (clientId === this.#awareness.clientID) continue;
      const peer = peerOf(clientId, state);
      if (peer) peers.push(peer);
    }
    return peers;
  }

  /** One entry per colleague (their most recently joined tab), without the user `selfId`. */
  othersByUser(selfId: string | undefined): Peer[] {
    const byUser = new Map<string, Peer>();
    for (const peer of this.others) if (peer.user.id !== selfId) byUser.set(peer.user.id, peer);
    return [...byUser.values()];
  }

  /** Merges fields into this tab's state; a no-op once the doc was closed (state null). */
  set(fields: Partial<PresenceFields>): void {
    const current = this.#awareness.getLocalState();
    if (current === null) return;
    const next: Record<string, unknown> = { ...current, ...fields };
    if (Object.keys(next).every((key) => next[key] === current[key])) return;
    this.#awareness.setLocalState(next);
  }
}
