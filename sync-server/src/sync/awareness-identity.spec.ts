import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwarenessEntries } from './awareness-ownership.ts';
import { presenceUser, withSocketIdentity } from './awareness-identity.ts';
import type { AwarenessEntry } from './client-frame.ts';

const max = presenceUser('user-max', 'Max Mustermann');
const anna = presenceUser('user-anna', 'Anna Admin');

const frameOf = (clients: AwarenessEntry[]) => ({ type: 'awareness' as const, update: encodeAwarenessEntries(clients), clients });

/** What a colleague's Awareness shows after applying the frame's update. */
function seenBy(update: Uint8Array): Map<number, unknown> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  awarenessProtocol.applyAwarenessUpdate(awareness, update, 'server');
  return awareness.getStates() as Map<number, unknown>;
}

describe('withSocketIdentity', () => {
  it("replaces another user's id, name and colour with the socket's own user, in the entries and in the update", () => {
    const spoofed = frameOf([{ clientId: 7, clock: 3, state: { user: anna, viewing: '/org', editing: 'position' } }]);
    const relayed = withSocketIdentity(spoofed, max);
    const expected = { user: max, viewing: '/org', editing: 'position' };
    expect(relayed.clients).toEqual([{ clientId: 7, clock: 3, state: expected }]);
    expect(seenBy(relayed.update).get(7)).toEqual(expected);
  });

  it('passes an honest frame through unchanged, without encoding it again', () => {
    const honest = frameOf([{ clientId: 7, clock: 3, state: { user: max, viewing: '/org' } }]);
    expect(withSocketIdentity(honest, max)).toBe(honest);
  });

  it('labels states without a user, with extra identity fields or a user that is not an object, and keeps removals', () => {
    const frame = frameOf([
      { clientId: 1, clock: 1, state: {} },
      { clientId: 2, clock: 1, state: { user: { ...max, admin: true } } },
      { clientId: 3, clock: 1, state: { user: 'Anna Admin' } },
      { clientId: 4, clock: 1, state: ['Anna Admin'] },
      { clientId: 5, clock: 1, state: 'Anna Admin' },
      { clientId: 6, clock: 2, state: null },
    ]);
    const states = seenBy(withSocketIdentity(frame, max).update);
    expect([...states]).toEqual([
      [1, { user: max }],
      [2, { user: max }],
      [3, { user: max }],
      [4, { user: max }],
      [5, { user: max }],
    ]);
  });
});
