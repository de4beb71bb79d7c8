import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { MAX_AWARENESS_CLOCK, MAX_AWARENESS_IDS_PER_SOCKET, encodeAwarenessEntries, ownedAwarenessEntries, type AwarenessOwner } from './awareness-ownership.ts';

const socket = (userId: string): AwarenessOwner => ({ userId, awarenessClients: null });
const entry = (clientId: number, state: unknown = { user: { name: `u${clientId}` } }, clock = 1) => ({ clientId, clock, state });
const SERVER_ID = 999_999;

describe('ownedAwarenessEntries', () => {
  it('binds the ids a socket announces first and keeps letting it update and remove them', () => {
    const owners = new Map<number, AwarenessOwner>();
    const anna = socket('anna');
    expect(ownedAwarenessEntries([entry(1)], anna, owners, SERVER_ID)).toHaveLength(1);
    expect(ownedAwarenessEntries([entry(1, { moved: true }, 2), entry(1, null, 3)], anna, owners, SERVER_ID)).toHaveLength(2);
    expect([...anna.awarenessClients!]).toEqual([1]);
  });

  it("drops entries for another user's ids, and removals of ids nobody owns", () => {
    const owners = new Map<number, AwarenessOwner>();
    const anna = socket('anna');
    const bernd = socket('bernd');
    ownedAwarenessEntries([entry(1)], anna, owners, SERVER_ID);
    expect(ownedAwarenessEntries([entry(1, { fake: true }, 5), entry(1, null, 6), entry(2, null), entry(3)], bernd, owners, SERVER_ID)).toEqual([entry(3)]);
    expect(owners.get(1)).toBe(anna);
  });

  it('drops entries with a clock no honest client reaches, which would make the owner adopt it and overflow', () => {
    const owners = new Map<number, AwarenessOwner>();
    const anna = socket('anna');
    expect(ownedAwarenessEntries([entry(1, {}, MAX_AWARENESS_CLOCK + 1)], anna, owners, SERVER_ID)).toEqual([]);
    expect(ownedAwarenessEntries([entry(1, {}, MAX_AWARENESS_CLOCK)], anna, owners, SERVER_ID)).toHaveLength(1);
    expect(ownedAwarenessEntries([entry(1, {}, Number.MAX_SAFE_INTEGER)], anna, owners, SERVER_ID)).toEqual([]);
  });

  it('does not bind an id held elsewhere by another user (another instance, or a socket that just left)', () => {
    const owners = new Map<number, AwarenessOwner>();
    const heldBy = new Map([[7, 'anna']]);
    const heldElsewhere = (id: number, userId: string) => heldBy.has(id) && heldBy.get(id) !== userId;
    expect(ownedAwarenessEntries([entry(7)], socket('mallory'), owners, SERVER_ID, heldElsewhere)).toEqual([]);
    expect(owners.has(7)).toBe(false);
    const annaAgain = socket('anna');
    expect(ownedAwarenessEntries([entry(7)], annaAgain, owners, SERVER_ID, heldElsewhere)).toHaveLength(1);
    expect(owners.get(7)).toBe(annaAgain);
  });

  it('lets the same user take over an id from an older socket (a reconnecting device)', () => {
    const owners = new Map<number, AwarenessOwner>();
    const oldSocket = socket('anna');
    const newSocket = socket('anna');
    ownedAwarenessEntries([entry(1)], oldSocket, owners, SERVER_ID);
    expect(ownedAwarenessEntries([entry(1, {}, 2)], newSocket, owners, SERVER_ID)).toHaveLength(1);
    expect(owners.get(1)).toBe(newSocket);
    expect(oldSocket.awarenessClients!.size).toBe(0);
  });

  it(`binds at most ${MAX_AWARENESS_IDS_PER_SOCKET} ids per socket and never the server's own id`, () => {
    const owners = new Map<number, AwarenessOwner>();
    const flood = socket('mallory');
    const kept = ownedAwarenessEntries(Array.from({ length: 40 }, (_, i) => entry(i + 1)), flood, owners, SERVER_ID);
    expect(kept).toHaveLength(MAX_AWARENESS_IDS_PER_SOCKET);
    expect(ownedAwarenessEntries([entry(SERVER_ID)], socket('eve'), owners, SERVER_ID)).toEqual([]);
  });
});

describe('encodeAwarenessEntries', () => {
  it('encodes what y-protocols applies', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessEntries([entry(7, { user: { name: 'Ä' } }, 3)]), null);
    expect(awareness.getStates().get(7)).toEqual({ user: { name: 'Ä' } });
  });
});
