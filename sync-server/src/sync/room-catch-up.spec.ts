import { describe, expect, it, vi } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '@workmate/sync-protocol';
import { createLogger } from '../logger.ts';
import { MemoryDocStore } from '../persistence/memory-doc-store.ts';
import { decodeClientFrame } from './client-frame.ts';
import type { Connection } from './connection.ts';
import { Room, SERVER_ORIGIN } from './room.ts';

const log = createLogger('silent');
let nextId = 1;

/** A client replica behind a fake socket: applies every sync frame the room sends it. */
function client(userId = 'u1') {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  const conn: Connection = {
    id: nextId++,
    userId,
    canWrite: true,
    wantsAcks: false,
    awarenessClients: new Set(),
    send(frame) {
      frames.push(frame);
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) === MessageType.Sync) syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
    },
    close() {},
  };
  return { doc, conn, frames };
}

function edit(doc: Y.Doc, line: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('notes').insert(doc.getText('notes').length, line + '\n');
  return Y.encodeStateAsUpdate(doc, before);
}

/** Two instances' rooms for one doc, sharing one store, as two servers share Postgres. */
async function twoInstances() {
  const store = new MemoryDocStore();
  const published: Array<{ doc: string; position: number }> = [];
  const bus = { publish: (doc: string, position: number) => void published.push({ doc, position }), publishAwareness: () => {} };
  const options = { store, log, flushIntervalMs: 10_000, bus };
  const [a, b] = [await Room.open('org', options), await Room.open('org', options)];
  return { store, published, a: a!, b: b! };
}

describe('Room with several instances', () => {
  it('applies what another instance stored, relays it to its own clients and does not store it again', async () => {
    const { store, published, a, b } = await twoInstances();
    const onA = client();
    const onB = client();
    a.join(onA.conn);
    b.join(onB.conn);

    a.receive(onA.conn, { type: 'sync-update', update: edit(onA.doc, 'typed on A') });
    await a.flush();
    expect(published).toEqual([{ doc: 'org', position: 1 }]);

    b.storedElsewhere(published[0]!.position);
    await b.catchUp();
    expect(onB.doc.getText('notes').toString()).toBe('typed on A\n');
    await b.flush();
    expect(store.updatesOf('org')).toHaveLength(1);
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it('reads the rows another instance appended between two of its own flushes', async () => {
    const { store, a, b } = await twoInstances();
    const onA = client();
    const onB = client();
    a.join(onA.conn);
    b.join(onB.conn);
    a.receive(onA.conn, { type: 'sync-update', update: edit(onA.doc, 'first on A') });
    await a.flush();
    b.receive(onB.conn, { type: 'sync-update', update: edit(onB.doc, 'on B') });
    await b.flush();
    // B's append saw A's row before its own: B reads it without being told.
    await b.catchUp();
    expect(onB.doc.getText('notes').toString()).toContain('first on A');
    expect(store.updatesOf('org')).toHaveLength(2);
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it('relays what the server writes itself only once it is stored', async () => {
    const { store, a } = await twoInstances();
    const onA = client();
    a.join(onA.conn);
    const framesBefore = onA.frames.length;
    a.doc.transact(() => a.doc.getMap('numbers').set('e1', 'MA-0001'), SERVER_ORIGIN);
    expect(onA.frames.length).toBe(framesBefore);
    await a.flush();
    expect(store.updatesOf('org')).toHaveLength(1);
    expect(onA.doc.getMap('numbers').get('e1')).toBe('MA-0001');
    await a.destroy();
  });

  it("tells the other instances when a socket that vanished without saying goodbye leaves, so its presence goes there too", async () => {
    const store = new MemoryDocStore();
    const rooms: Room[] = [];
    // A bus that hands each room's presence to the other room, as two instances' buses do.
    const busFor = (i: number) => ({ publish: () => {}, publishAwareness: (_doc: string, update: Uint8Array) => rooms[1 - i]!.presenceElsewhere(update) });
    rooms.push(await Room.open('org', { store, log, flushIntervalMs: 10_000, bus: busFor(0) }));
    rooms.push(await Room.open('org', { store, log, flushIntervalMs: 10_000, bus: busFor(1) }));
    const [a, b] = rooms as [Room, Room];
    const onA = client();
    a.join(onA.conn);
    const presence = new awarenessProtocol.Awareness(onA.doc);
    presence.setLocalState({ user: { name: 'Anna' } });
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MessageType.Awareness);
    encoding.writeVarUint8Array(frame, awarenessProtocol.encodeAwarenessUpdate(presence, [onA.doc.clientID]));
    a.receive(onA.conn, decodeClientFrame(encoding.toUint8Array(frame)));
    expect(b.awareness.getStates().has(onA.doc.clientID)).toBe(true);

    a.leave(onA.conn);
    expect(a.awareness.getStates().has(onA.doc.clientID)).toBe(false);
    expect(b.awareness.getStates().has(onA.doc.clientID)).toBe(false);
    presence.destroy();
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it('flushes after the cluster interval while the doc is open elsewhere, the waiting batch too, and alone after the normal one', async () => {
    vi.useFakeTimers();
    try {
      const store = new MemoryDocStore();
      const room = await Room.open('org', { store, log, flushIntervalMs: 10_000, clusterFlushIntervalMs: 10 });
      const onA = client();
      room.join(onA.conn);
      room.receive(onA.conn, { type: 'sync-update', update: edit(onA.doc, 'alone') });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(store.updatesOf('org')).toHaveLength(0);

      room.setOpenElsewhere(true);
      await vi.advanceTimersByTimeAsync(10);
      expect(store.updatesOf('org')).toHaveLength(1);
      room.receive(onA.conn, { type: 'sync-update', update: edit(onA.doc, 'shared') });
      await vi.advanceTimersByTimeAsync(10);
      expect(store.updatesOf('org')).toHaveLength(2);

      room.setOpenElsewhere(false);
      room.receive(onA.conn, { type: 'sync-update', update: edit(onA.doc, 'alone again') });
      await vi.advanceTimersByTimeAsync(1_000);
      expect(store.updatesOf('org')).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(9_000);
      expect(store.updatesOf('org')).toHaveLength(3);
      await room.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});
