// The rooms currently in memory, by doc name: opened by the first connection that acquires one, flushed
// and freed after the last one releases it. Counting acquisitions (not joined sockets) means a room is
// never freed while a connection is still on its way in.
import type { DocRef } from '@workmate/sync-protocol';
import { Room, type RoomOptions } from './room.ts';
import { serverWriters } from './server-writers.ts';

type Entry = { room: Promise<Room>; users: number };

export class Rooms {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: RoomOptions) {}

  /** The room for a doc, loading it from the store if it is not in memory yet. Pair with release(). */
  acquire(name: string, ref: DocRef): Promise<Room> {
    let entry = this.entries.get(name);
    if (!entry) {
      const room = Room.open(name, this.options).then((r) => {
        for (const writer of serverWriters[ref.kind] ?? []) r.attach(writer(r.doc));
        return r;
      });
      entry = { room, users: 0 };
      this.entries.set(name, entry);
      room.catch(() => {
        if (this.entries.get(name) === entry) this.entries.delete(name);
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
    if (entry.users > 0 || this.entries.get(name) !== entry) return;
    this.entries.delete(name);
    await room.destroy();
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
    const rooms = await Promise.allSettled([...this.entries.values()].map((e) => e.room));
    this.entries.clear();
    await Promise.allSettled(rooms.map((r) => (r.status === 'fulfilled' ? r.value.destroy() : undefined)));
  }
}
