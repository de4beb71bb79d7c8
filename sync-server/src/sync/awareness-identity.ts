// Who an awareness state says it is comes from the socket, not from the client: every state a socket
// sets carries `user: { id, name, color }` of the socket's own signed-in user, whatever the client wrote
// there. Overwriting rather than refusing, because it is both safer and simpler: an honest client
// already sends exactly these values (its frame passes through unchanged and is not even re-encoded),
// a client that shows a stale name (renamed while offline) is corrected instead of vanishing or being
// disconnected, and a spoofer is shown as themselves — there is no "acceptable claim" rule to get
// wrong. The room applies and relays what it gets from here, so its own clients and the other instances
// (through the cluster bus) only ever see true identities.
import { userColor } from '@workmate/sync-protocol';
import type { AwarenessEntry, ClientFrame } from './client-frame.ts';
import { encodeAwarenessEntries } from './awareness-ownership.ts';

export type PresenceUser = { id: string; name: string; color: string };

export function presenceUser(id: string, name: string): PresenceUser {
  return { id, name, color: userColor(id) };
}

type AwarenessFrame = Extract<ClientFrame, { type: 'awareness' }>;

/**
 * The frame with every state labelled as `user`'s. A removal (null) stays one; a state that is not an
 * object becomes `{ user }`. Returns the frame itself when every state already says so.
 */
export function withSocketIdentity(frame: AwarenessFrame, user: PresenceUser): AwarenessFrame {
  let changed = false;
  const clients = frame.clients.map((entry): AwarenessEntry => {
    if (entry.state === null || carriesIdentity(entry.state, user)) return entry;
    changed = true;
    return { ...entry, state: labelled(entry.state, user) };
  });
  return changed ? { type: 'awareness', update: encodeAwarenessEntries(clients), clients } : frame;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function carriesIdentity(state: unknown, user: PresenceUser): boolean {
  if (!isRecord(state) || !isRecord(state.user)) return false;
  const claimed = state.user;
  return claimed.id === user.id && claimed.name === user.name && claimed.color === user.color && Object.keys(claimed).length === 3;
}

function labelled(state: unknown, user: PresenceUser): Record<string, unknown> {
  return isRecord(state) ? { ...state, user } : { user };
}
