// A room holds one doc in memory while clients are connected to it: it answers the y-websocket sync
// handshake, relays updates and awareness between clients, and writes updates to the DocStore in
// batches (at most one write per flush interval, never one round trip per keystroke).
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '@workmate/sync-protocol';
import type { DocStore, StoredUpdate } from '../persistence/doc-store.ts';
import type { Logger } from '../logger.ts';
import type { ClientFrame } from './client-frame.ts';
import type { Connection } from './connection.ts';
import { updateChangesDoc } from './update-changes-doc.ts';
import { awarenessFrame, storedFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './server-frame.ts';

/** Transaction origin of changes the server makes itself (numbering, seeding); stored with no user. */
export const SERVER_ORIGIN = Symbol('server');
const LOAD_ORIGIN = Symbol('load');

export type RoomOptions = {
  store: DocStore;
  log: Logger;
  flushIntervalMs: number;
};

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Set<Connection>();
  private pending: StoredUpdate[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private failedFlushes = 0;
  private storedStateVector: Uint8Array;
  private readonly detachers: Array<() => void> = [];

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
    initialState: Uint8Array | null,
  ) {
    // The server keeps no awareness state of its own.
    this.awareness.setLocalState(null);
    if (initialState) Y.applyUpdate(this.doc, initialState, LOAD_ORIGIN);
    this.storedStateVector = Y.encodeStateVector(this.doc);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  static async open(name: string, options: RoomOptions): Promise<Room> {
    return new Room(name, options, await options.store.load(name));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Keeps a server-side writer (e.g. numbering) attached for the room's lifetime. */
  attach(detach: () => void): void {
    this.detachers.push(detach);
  }

  join(conn: Connection): void {
    this.connections.add(conn);
    conn.send(syncStep1Frame(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) conn.send(awarenessFrame(this.awareness, states));
    if (conn.wantsAcks) conn.send(storedFrame(this.storedStateVector));
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], conn);
    }
  }

  receive(conn: Connection, frame: ClientFrame): void {
    switch (frame.type) {
      case 'sync-step1':
        conn.send(syncStep2Frame(this.doc, frame.stateVector));
        return;
      case 'sync-step2':
      case 'sync-update':
        if (!conn.canWrite) {
          if (!updateChangesDoc(this.doc, frame.update)) return;
          this.options.log.warn('refused update from read-only client', { doc: this.name, user: conn.userId });
          conn.close(CloseCode.Forbidden, 'read-only access to this doc');
          return;
        }
        Y.applyUpdate(this.doc, frame.update, conn);
        return;
      case 'awareness':
        awarenessProtocol.applyAwarenessUpdate(this.awareness, frame.update, conn);
        return;
      case 'query-awareness':
        conn.send(awarenessFrame(this.awareness, [...this.awareness.getStates().keys()]));
        return;
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return;
    const frame = updateFrame(update);
    for (const conn of this.connections) if (conn !== origin) conn.send(frame);
    const userId = this.connections.has(origin as Connection) ? (origin as Connection).userId : null;
    this.pending.push({ update, userId, at: new Date() });
    this.scheduleFlush(this.options.flushIntervalMs);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (this.connections.has(origin as Connection)) {
      const conn = origin as Connection;
      for (const id of [...added, ...updated]) conn.awarenessClients.add(id);
      for (const id of removed) conn.awarenessClients.delete(id);
    }
    const frame = awarenessFrame(this.awareness, changed);
    for (const conn of this.connections) conn.send(frame);
  };

  private scheduleFlush(delayMs: number): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush().catch(() => {
        // flush() already logged and re-queued the batch; try again with back-off.
      });
    }, delayMs);
  }

  /** Writes every pending update to the store. Safe to call at any time; flushes run one at a time. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Everything integrated so far is in this batch or already stored.
    const stateVector = Y.encodeStateVector(this.doc);
    this.flushing = this.writeBatch(batch, stateVector);
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  private async writeBatch(batch: StoredUpdate[], stateVector: Uint8Array): Promise<void> {
    try {
      await this.options.store.append(this.name, mergeRunsBySameUser(batch));
      this.failedFlushes = 0;
      this.storedStateVector = stateVector;
      const frame = storedFrame(stateVector);
      for (const conn of this.connections) if (conn.wantsAcks) conn.send(frame);
    } catch (error) {
      this.failedFlushes++;
      this.pending = batch.concat(this.pending);
      const retryMs = Math.min(30_000, 500 * 2 ** Math.min(this.failedFlushes, 6));
      this.options.log.error('could not store doc updates; will retry', {
        doc: this.name,
        updates: batch.length,
        retryMs,
        error: (error as Error).message,
      });
      this.scheduleFlush(retryMs);
      throw error;
    }
  }

  /** Flushes, then frees the doc. The room must not be used afterwards. */
  async destroy(): Promise<void> {
    await this.flush().catch(() => undefined);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const detach of this.detachers) detach();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Merges consecutive updates from the same user, keeping who-changed-what for the audit trail. */
function mergeRunsBySameUser(batch: StoredUpdate[]): StoredUpdate[] {
  const runs: StoredUpdate[][] = [];
  for (const item of batch) {
    const last = runs.at(-1);
    if (last && last[0]!.userId === item.userId) last.push(item);
    else runs.push([item]);
  }
  return runs.map((run) =>
    run.length === 1 ? run[0]! : { update: Y.mergeUpdates(run.map((u) => u.update)), userId: run[0]!.userId, at: run[0]!.at },
  );
}
