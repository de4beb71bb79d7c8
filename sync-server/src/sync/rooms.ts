// The rooms currently in memory, by doc name: opened by the first connection that acquires one, flushed
// and freed after the last one releases it. Counting acquisitions (not joined sockets) means a room is
// never freed while a connection is still on its way in. Rooms also route the cluster bus's "doc stored"
// messages to the room of that doc, if it is open here, and have every room store what it holds as soon
// as the database answers again after an outage.
import type { DocRef } from '@workmate/sync-protocol';
import type { ClusterBus } from '../cluster/cluster-bus.ts';
import { LocalDocLeases, type DocLeases } from '../cluster/doc-leases.ts';
import { DocPeers } from '../cluster/doc-peers.ts';
import { DatabaseProbe } from '../persistence/database-probe.ts';
import { Room, type RoomOptions } from './room.ts';
import { runWritersWhileLeased } from './leased-writers.ts';
import { serverWriters } from './server-writers.ts';

type Entry = { room: Promise<Room>; users: number; loaded?: Room };

export type RoomsOptions = RoomOptions & {
  bus?: ClusterBus;
  /** Who runs server writers for a doc open on several instances; absent when the server runs alone. */
  leases?: DocLeases;
  /**
   * A cheap query through the database pool. While writes fail it tells an outage (rooms store as soon as
   * it answers again) from a write that fails on its own (the room's back-off); absent: back-off only.
   */
  pingDatabase?: () => Promise<unknown>;
};

/** What waits in memory to be written to the store, over every room (for /healthz and the metrics). */
export type UnstoredUpdates = {
  updates: number;
  /** How long the oldest of them has waited; 0 when none waits. */
  oldestAgeMs: number;
};

export class Rooms {
  private readonly entries = new Map<string, Entry>();
  private readonly leases: DocLeases;
  private readonly unsubscribe: () => void;
  /** Which docs open here are open on other instances too: their rooms flush sooner. */
  private readonly peers: DocPeers | null;
  private readonly probe: DatabaseProbe | null;
  private readonly roomOptions: RoomOptions;

  constructor(private readonly options: RoomsOptions) {
    this.leases = options.leases ?? new LocalDocLeases();
    const probe = options.pingDatabase ? new DatabaseProbe({ ping: options.pingDatabase, log: options.log }) : null;
    probe?.onBack(() => {
      for (const entry of this.entries.values()) entry.loaded?.storeNow();
    });
    this.probe = probe;
    this.roomOptions = probe ? { ...options, onWriteFailed: () => probe.writeFailed() } : options;
    const peers = options.bus ? new DocPeers(options.bus, (doc) => this.withOpenRoom(doc, (room) => room.setOpenElsewhere(peers!.isOpenElsewhere(doc)))) : null;
    this.peers = peers;
    this.unsubscribe =
      options.bus?.subscribe({
        docsOpen: (message) => peers?.heard(message),
        docStored: ({ doc, position }) => this.withOpenRoom(doc, (room) => room.storedElsewhere(position)),
        awarenessChanged: ({ doc, update }) => this.withOpenRoom(doc, (room) => room.presenceElsewhere(update)),
        // Messages sent while the bus was down are lost: every open room looks for what it missed.
        reconnected: () => {
          peers?.reconnected();
          for (const name of this.names) this.withOpenRoom(name, (room) => room.catchUp());
        },
      }) ?? (() => {});
  }

  /** Runs `use` on the doc's room once loaded, if the doc is in memory here (failures are the room's to log). */
  private withOpenRoom(name: string, use: (room: Room) => unknown): void {
    void this.entries
      .get(name)
      ?.room.then(use)
      .catch(() => undefined);
  }

  /** The room for a doc, loading it from the store if it is not in memory yet. Pair with release(). */
  acquire(name: string, ref: DocRef): Promise<Room> {
    let entry = this.entries.get(name);
    if (!entry) {
      this.peers?.opened(name);
      const room = Room.open(name, this.roomOptions).then((r) => {
        r.setOpenElsewhere(this.peers?.isOpenElsewhere(name) ?? false);
        const writers = serverWriters[ref.kind] ?? [];
        if (writers.length > 0) r.attach(runWritersWhileLeased(r, writers, this.leases, this.options.log));
        entry!.loaded = r;
        return r;
      });
      entry = { room, users: 0 };
      this.entries.set(name, entry);
      room.catch(() => {
        if (this.entries.get(name) !== entry) return;
        this.entries.delete(name);
        this.peers?.closed(name);
      });
    }
    entry.users++;
    return entry.room;
  }

  async release(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.users--;
    if (entry.users > 0) return;
    const room = await entry.room.catch(() => null);
    if (!room) return;
    await room.flush().catch(() => undefined);
    // If that write failed (the database is down), the room keeps its updates and retries; freeing it now
    // would lose them, and its clients — signed out, or wiped — may never come back to send them again.
    await room.whenAllStored();
    if (entry.users > 0 || this.entries.get(name) !== entry) return;
    this.entries.delete(name);
    this.peers?.closed(name);
    await room.destroy();
  }

  /** Updates received but not yet stored, over every room in memory (a metric). */
  get pendingUpdates(): number {
    let n = 0;
    for (const entry of this.entries.values()) n += entry.loaded?.pendingCount ?? 0;
    return n;
  }

  /** Updates held in memory, not yet stored, and how long the oldest has waited (for /healthz and the metrics). */
  get unstoredUpdates(): UnstoredUpdates {
    let updates = 0;
    let oldest = Infinity;
    for (const entry of this.entries.values()) {
      if (!entry.loaded) continue;
      updates += entry.loaded.pendingCount;
      oldest = Math.min(oldest, entry.loaded.oldestUnstoredAt?.getTime() ?? Infinity);
    }
    return { updates, oldestAgeMs: oldest === Infinity ? 0 : Math.max(0, Date.now() - oldest) };
  }

  /** Doc names in memory right now. */
  get names(): string[] {
    return [...this.entries.keys()];
  }

  async flushAll(): Promise<void> {
    const rooms = await Promise.allSettled([...this.entries.values()].map((e) => e.room));
    await Promise.allSettled(rooms.map((r) => (r.status === 'fulfilled' ? r.value.flush() : undefined)));
  }

  async closeAll(): Promise<void> {
    this.unsubscribe();
    this.probe?.close();
    this.peers?.close();
    const rooms = await Promise.allSettled([...this.entries.values()].map((e) => e.room));
    this.entries.clear();
    await Promise.allSettled(rooms.map((r) => (r.status === 'fulfilled' ? r.value.destroy() : undefined)));
  }
}
