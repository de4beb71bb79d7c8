// What rooms do with updates they cannot store: hold them and say so, store them as soon as the database
// answers again (not when the back-off runs out), keep backing off while the database answers but the
// write itself fails, and never free a room before what it holds is stored.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import { PROBE_INTERVAL_MS } from '../persistence/database-probe.ts';
import type { StoredUpdate } from '../persistence/doc-store.ts';
import { MemoryDocStore } from '../persistence/memory-doc-store.ts';
import type { Connection } from './connection.ts';
import { Rooms } from './rooms.ts';

const log = createLogger('silent');
const DOC = 'profile/e1';
const REF = { kind: 'profile', employeeId: 'e1' } as const;

/** A store whose database the test takes down (appends and pings fail), or whose appends alone fail. */
class FlakyStore extends MemoryDocStore {
  databaseDown = false;
  appendsFail = false;
  appendCalls = 0;
  readonly ping = async () => {
    if (this.databaseDown) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  };
  override async append(doc: string, updates: readonly StoredUpdate[]) {
    this.appendCalls++;
    if (this.databaseDown) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    if (this.appendsFail) throw new Error('value too long for type character varying(64)');
    return super.append(doc, updates);
  }
}

function connection(): Connection {
  return { id: 1, userId: 'u1', canWrite: true, wantsAcks: false, awarenessClients: null, send() {}, close() {} };
}

/** A client's edit, as an update frame would carry it. */
function edit(replica: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(replica);
  replica.getText('notes').insert(replica.getText('notes').length, text);
  return Y.encodeStateAsUpdate(replica, before);
}

async function setUp() {
  const store = new FlakyStore();
  const rooms = new Rooms({ store, log, flushIntervalMs: 0, pingDatabase: store.ping });
  const room = await rooms.acquire(DOC, REF);
  const conn = connection();
  room.join(conn);
  const replica = new Y.Doc();
  const type = (text: string) => room.receive(conn, { type: 'sync-update', update: edit(replica, text) });
  const storedText = async () => {
    const doc = new Y.Doc();
    const state = await store.load(DOC);
    if (state) Y.applyUpdate(doc, state);
    return doc.getText('notes').toString();
  };
  return { store, rooms, room, conn, type, storedText };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Rooms while the database is away', () => {
  it('stores the updates it held as soon as the database answers again, not when the back-off runs out', async () => {
    const { store, rooms, type, storedText } = await setUp();
    store.databaseDown = true;
    type('a');
    await vi.advanceTimersByTimeAsync(20_000);
    type('b');
    await vi.advanceTimersByTimeAsync(1_000);
    // Five failed writes by now: the next one would be up to 16 s away.
    expect(store.appendCalls).toBeGreaterThanOrEqual(5);
    expect(rooms.unstoredUpdates.updates).toBe(2);

    store.databaseDown = false;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS + 1);
    expect(await storedText()).toBe('ab');
    expect(rooms.unstoredUpdates).toEqual({ updates: 0, oldestAgeMs: 0 });
    await rooms.closeAll();
  });

  it('says how many updates wait unstored and how long the oldest has waited', async () => {
    const { store, rooms, type } = await setUp();
    expect(rooms.unstoredUpdates).toEqual({ updates: 0, oldestAgeMs: 0 });
    store.databaseDown = true;
    type('a');
    await vi.advanceTimersByTimeAsync(4_000);
    type('b');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(rooms.unstoredUpdates).toEqual({ updates: 2, oldestAgeMs: 7_000 });
    expect(rooms.pendingUpdates).toBe(2);
    await rooms.closeAll();
  });

  it('keeps backing off when the database answers but the write itself fails', async () => {
    const { store, rooms, type, storedText } = await setUp();
    store.appendsFail = true;
    type('a');
    await vi.advanceTimersByTimeAsync(30_000);
    // Writes at 0, 1, 3, 7, 15 s (back-off 1, 2, 4, 8, 16 s) — not one per probe interval.
    expect(store.appendCalls).toBe(5);
    store.appendsFail = false;
    await vi.advanceTimersByTimeAsync(16_000);
    expect(await storedText()).toBe('a');
    await rooms.closeAll();
  });

  it('keeps a room whose last client left until what it holds is stored', async () => {
    const { store, rooms, room, conn, type, storedText } = await setUp();
    store.databaseDown = true;
    type('signed out before it was stored');
    await vi.advanceTimersByTimeAsync(1);
    room.leave(conn);
    const released = rooms.release(DOC);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(rooms.names).toEqual([DOC]);
    expect(rooms.unstoredUpdates.updates).toBe(1);

    store.databaseDown = false;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS + 1);
    await released;
    expect(rooms.names).toEqual([]);
    expect(await storedText()).toBe('signed out before it was stored');
    await rooms.closeAll();
  });
});
