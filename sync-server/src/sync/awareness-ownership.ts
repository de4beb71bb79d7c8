// Which awareness entries of a client frame a socket may apply. A socket owns the awareness client ids
// it announces first (with a state, up to 16), and may only set or remove those; the room removes them
// when the socket leaves. Entries for ids owned by another socket are dropped, not punished with a close:
// an unmodified y-websocket client re-broadcasts every awareness change it receives (its handler does
// not look at the origin), so foreign ids in a frame are normal for honest clients. Dropping them also
// stops a socket from impersonating someone's cursor or removing their presence, and bounds the
// awareness meta y-protocols keeps per id ever seen.
//
// Ids the room knows but no socket here owns are not free either: a state that came from another instance
// belongs to a socket there, and the id of a socket that just left stays its user's for a while (the
// device reconnects with the same id). Claiming either would let a socket replace a colleague's presence
// — and, with a huge clock, make the colleague's own client adopt that clock until its next clock
// overflows the frame decoder and its socket is closed. Clocks are capped for the same reason.
import * as encoding from 'lib0/encoding';
import type { AwarenessEntry } from './client-frame.ts';

export const MAX_AWARENESS_IDS_PER_SOCKET = 16;
/**
 * The highest awareness clock accepted. A client counts one per presence change, so no honest client
 * gets near it; far below 2^53, so a client that adopts it can still count up without overflowing.
 */
export const MAX_AWARENESS_CLOCK = 2 ** 31;

/** `awarenessClients` is created with the first id the owner binds. */
export type AwarenessOwner = { readonly userId: string; awarenessClients: Set<number> | null };

/**
 * The entries `owner` may apply, binding newly announced ids to it. `owners` maps every bound id of
 * the room to its socket; `reservedId` is the server's own awareness id, which nobody may claim;
 * `heldElsewhere(id, userId)` says whether an id nobody here owns still belongs to someone other than
 * `userId` (a socket on another instance, or another user's socket that just left).
 */
export function ownedAwarenessEntries<O extends AwarenessOwner>(
  entries: readonly AwarenessEntry[],
  owner: O,
  owners: Map<number, O>,
  reservedId: number,
  heldElsewhere: (clientId: number, userId: string) => boolean = () => false,
): AwarenessEntry[] {
  return entries.filter(({ clientId, clock, state }) => {
    if (clientId === reservedId || clock > MAX_AWARENESS_CLOCK) return false;
    const current = owners.get(clientId);
    if (current === owner) return true;
    // A removal of an id nobody owns would only leave a meta entry behind.
    if (state === null) return false;
    if (!current && heldElsewhere(clientId, owner.userId)) return false;
    // A reconnecting device keeps its awareness id; its old socket may not have closed yet.
    if (current && current.userId !== owner.userId) return false;
    if (!current && (owner.awarenessClients?.size ?? 0) >= MAX_AWARENESS_IDS_PER_SOCKET) return false;
    current?.awarenessClients?.delete(clientId);
    owners.set(clientId, owner);
    (owner.awarenessClients ??= new Set()).add(clientId);
    return true;
  });
}

/** Encodes entries in the y-protocols awareness update format. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}
