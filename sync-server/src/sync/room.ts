// A room holds one doc in memory while clients are connected to it: it answers the y-websocket sync
// handshake, relays updates and awareness between clients, and writes updates to the DocStore in
// batches (at most one write per flush interval, never one round trip per keystroke). With several server
// instances, it also applies what the others stored for the doc (catchUp, see cluster/).
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '@workmate/sync-protocol';
import { applyLoaded, type DocPosition, type DocStore, type LoadedDoc, type StoredUpdate } from '../persistence/doc-store.ts';
import type { ClusterBus } from '../cluster/cluster-bus.ts';
import type { Logger } from '../logger.ts';
import type { RoomMetrics } from '../observability/sync-metrics.ts';
import type { ClientFrame } from './client-frame.ts';
import type { Connection } from './connection.ts';
import { updateChangesDoc } from './update-changes-doc.ts';
import { encodeAwarenessEntries, ownedAwarenessEntries } from './awareness-ownership.ts';
import { awarenessFrame, storedFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './server-frame.ts';

/** Transaction origin of changes the server makes itself (numbering, seeding); stored with no user. */
export const SERVER_ORIGIN = Symbol('server');
const LOAD_ORIGIN = Symbol('load');
/** Transaction origin of updates another instance stored: relayed to this room's clients, not stored again. */
export const STORED_ELSEWHERE = Symbol('stored elsewhere');
/** Origin of presence changes of clients connected to another instance: relayed here, not published again. */
const PRESENCE_ELSEWHERE = Symbol('presence elsewhere');
const CATCH_UP_RETRY_MS = 1_000;
/** How long a departed socket's awareness ids stay its user's: y-protocols' own presence timeout. */
const DEPARTED_AWARENESS_MS = awarenessProtocol.outdatedTimeout;

export type RoomOptions = {
  store: DocStore;
  log: Logger;
  flushIntervalMs: number;
  /** Used instead of flushIntervalMs while the doc is open on another instance too (see setOpenElsewhere). */
  clusterFlushIntervalMs?: number;
  /** Tells the other instances about each stored batch and its clients' presence; absent when the server runs alone. */
  bus?: Pick<ClusterBus, 'publish' | 'publishAwareness'>;
  metrics?: RoomMetrics;
  /** Told when a write fails, so one probe can tell a database outage from a failing write (database-probe.ts). */
  onWriteFailed?: () => void;
};

/**
 * An update waiting to be stored. The server's own writes (employee numbers) reach clients only once
 * stored: a number no one has seen is never lost with a crashed instance, so the next one to hand out
 * numbers sees every number in use.
 */
type PendingUpdate = StoredUpdate & { relayWhenStored: boolean };

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly connections = new Set<Connection>();
  /** Which socket owns each awareness client id (see awareness-ownership.ts). */
  private readonly awarenessOwners = new Map<number, Connection>();
  /** The ids of sockets that left, kept for their user while the device may reconnect with them. */
  private readonly departedAwareness = new Map<number, { userId: string; leftAt: number }>();
  private pending: PendingUpdate[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  /** When the scheduled flush runs (Date.now() time). */
  private flushDueAt = 0;
  private openElsewhere = false;
  private flushing: Promise<void> | null = null;
  private failedFlushes = 0;
  private writingCount = 0;
  /** When the oldest update of the batch being written was integrated; null while none is written. */
  private writingSince: Date | null = null;
  /** Resolved once nothing waits to be stored (see whenAllStored). */
  private allStoredWaiters: Array<() => void> = [];
  private storedStateVector: Uint8Array;
  private readonly detachers: Array<() => void> = [];
  /** Every update of the doc's log up to here is in `doc`. */
  private position: DocPosition;
  private catchingUp: Promise<void> | null = null;
  private catchUpAgain = false;
  private catchUpRetry: NodeJS.Timeout | null = null;
  private destroyed = false;

  private constructor(
    readonly name: string,
    private readonly options: RoomOptions,
    stored: LoadedDoc,
  ) {
    this.position = stored.position;
    // The server keeps no awareness state of its own.
    this.awareness.setLocalState(null);
    applyLoaded(this.doc, stored, LOAD_ORIGIN);
    this.storedStateVector = Y.encodeStateVector(this.doc);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  static async open(name: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.loadWithPosition(name);
    return new Room(name, options, stored);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Updates received but not yet written to the store (including a batch being written). */
  get pendingCount(): number {
    return this.pending.length + this.writingCount;
  }

  /** When the oldest update not yet written to the store was integrated; null if every one is stored. */
  get oldestUnstoredAt(): Date | null {
    // A failed batch goes back to the front of `pending`, so the oldest is the batch or pending's first.
    return this.writingSince ?? this.pending[0]?.at ?? null;
  }

  /** Resolves once every update the room holds is stored (at once if none waits), or the room is destroyed. */
  whenAllStored(): Promise<void> {
    if (this.pendingCount === 0 || this.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.allStoredWaiters.push(resolve));
  }

  /**
   * The store answers again after an outage: write what waits now, not when the back-off runs out. The
   * back-off starts over: the failures were the outage's, not this batch's.
   */
  storeNow(): void {
    if (this.destroyed) return;
    this.failedFlushes = 0;
    if (this.pending.length > 0) this.scheduleFlush(0);
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
    const owned = [...(conn.awarenessClients ?? [])];
    const now = Date.now();
    for (const [id, departed] of this.departedAwareness) if (now - departed.leftAt > DEPARTED_AWARENESS_MS) this.departedAwareness.delete(id);
    for (const id of owned) {
      this.awarenessOwners.delete(id);
      this.departedAwareness.set(id, { userId: conn.userId, leftAt: now });
    }
    const present = owned.filter((id) => this.awareness.states.has(id));
    if (present.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, present, conn);
      // The socket is no longer among `connections`, so onAwarenessUpdate does not publish this removal:
      // without it the other instances would show a socket that dropped without a goodbye for 30 s more.
      this.options.bus?.publishAwareness(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, present));
    }
    // y-protocols keeps a clock per id ever seen; without this a room of short visits would grow.
    for (const id of owned) this.awareness.meta.delete(id);
  }

  /** Whether an awareness id no socket here owns belongs to someone other than `userId` (see awareness-ownership.ts). */
  private readonly heldElsewhere = (clientId: number, userId: string): boolean => {
    const departed = this.departedAwareness.get(clientId);
    if (departed && Date.now() - departed.leftAt <= DEPARTED_AWARENESS_MS) return departed.userId !== userId;
    // Known here but owned by no socket here: a socket on another instance set it, and that instance
    // stamped its user into the state (awareness-identity.ts), so the same user may take it over.
    const state = this.awareness.states.get(clientId) as { user?: { id?: unknown } } | undefined;
    return state !== undefined && state.user?.id !== userId;
  };

  receive(conn: Connection, frame: ClientFrame): void {
    switch (frame.type) {
      case 'sync-step1':
        conn.send(syncStep2Frame(this.doc, frame.stateVector));
        return;
      case 'sync-step2':
      case 'sync-update':
        if (!conn.canWrite) {
          if (!updateChangesDoc(this.doc, frame.update)) return;
          this.options.log.warn('refused update from read-only client', { doc: this.name, user: conn.userId, conn: conn.id });
          conn.close(CloseCode.Forbidden, 'read-only access to this doc');
          return;
        }
        Y.applyUpdate(this.doc, frame.update, conn);
        return;
      case 'awareness': {
        const owned = ownedAwarenessEntries(frame.clients, conn, this.awarenessOwners, this.awareness.clientID, this.heldElsewhere);
        if (owned.length === 0) return;
        const update = owned.length === frame.clients.length ? frame.update : encodeAwarenessEntries(owned);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn);
        return;
      }
      case 'query-awareness':
        conn.send(awarenessFrame(this.awareness, [...this.awareness.getStates().keys()]));
        return;
    }
  }

  /** Another instance stored updates of this doc up to `position`: read and apply them (bursts coalesce). */
  storedElsewhere(position: DocPosition): void {
    if (position > this.position) void this.catchUp();
  }

  /**
   * Whether the doc is open on another instance too. Its clients see an edit made here only once it is
   * stored, so the room then flushes after the cluster flush interval; the batch waiting now as well.
   */
  setOpenElsewhere(open: boolean): void {
    this.openElsewhere = open;
    if (open && this.pending.length > 0) this.scheduleFlush(this.flushIntervalMs);
  }

  private get flushIntervalMs(): number {
    const { flushIntervalMs, clusterFlushIntervalMs } = this.options;
    return this.openElsewhere && clusterFlushIntervalMs !== undefined ? Math.min(flushIntervalMs, clusterFlushIntervalMs) : flushIntervalMs;
  }

  /** Presence of clients connected to another instance changed. */
  presenceElsewhere(update: Uint8Array): void {
    if (!this.destroyed) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, PRESENCE_ELSEWHERE);
  }

  /**
   * Applies every update stored after this room's position (by other instances). Resolves once all that
   * was stored before the call is in the doc; calls during a catch-up are folded into one more round.
   */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          await this.applyUpdatesAfterPosition();
        } while (this.catchUpAgain && !this.destroyed);
      } finally {
        this.catchingUp = null;
      }
    })();
    this.catchingUp.catch((error: Error) => {
      this.options.log.warn('could not read updates stored by other instances; will retry', { doc: this.name, error: error.message });
      this.catchUpRetry ??= setTimeout(() => {
        this.catchUpRetry = null;
        if (!this.destroyed) void this.catchUp();
      }, CATCH_UP_RETRY_MS);
    });
    return this.catchingUp;
  }

  private async applyUpdatesAfterPosition(): Promise<void> {
    if (this.destroyed) return;
    const rows = await this.options.store.updatesAfter(this.name, this.position);
    if (rows.length === 0 || this.destroyed) return;
    // One merged update: clients get one frame, not one per row. Our own rows among them change nothing.
    Y.applyUpdate(this.doc, rows.length === 1 ? rows[0]!.update : Y.mergeUpdates(rows.map((r) => r.update)), STORED_ELSEWHERE);
    this.position = Math.max(this.position, rows.at(-1)!.position);
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return;
    const relayWhenStored = origin === SERVER_ORIGIN;
    if (!relayWhenStored) {
      const frame = updateFrame(update);
      for (const conn of this.connections) if (conn !== origin) conn.send(frame);
    }
    if (origin === STORED_ELSEWHERE) return;
    const userId = this.connections.has(origin as Connection) ? (origin as Connection).userId : null;
    this.pending.push({ update, userId, at: new Date(), relayWhenStored });
    this.options.metrics?.updateIntegrated();
    this.scheduleFlush(relayWhenStored ? 0 : this.flushIntervalMs);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    const frame = awarenessFrame(this.awareness, changed);
    for (const conn of this.connections) conn.send(frame);
    if (this.connections.has(origin as Connection)) {
      this.options.bus?.publishAwareness(this.name, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    }
  };

  private scheduleFlush(delayMs: number): void {
    const dueAt = Date.now() + delayMs;
    if (this.flushTimer) {
      // A sooner flush replaces a later one, except a retry's back-off while the store fails (unless 0 ms: server writes).
      const sooner = dueAt < this.flushDueAt && (delayMs === 0 || this.failedFlushes === 0);
      if (!sooner) return;
      clearTimeout(this.flushTimer);
    }
    this.flushDueAt = dueAt;
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

  private async writeBatch(batch: PendingUpdate[], stateVector: Uint8Array): Promise<void> {
    const merged = mergeRunsBySameUser(batch);
    const started = performance.now();
    this.writingCount = batch.length;
    this.writingSince = batch[0]!.at;
    try {
      const { after, position } = await this.options.store.append(this.name, merged);
      this.options.metrics?.flushed(byteLength(merged), (performance.now() - started) / 1000);
      this.failedFlushes = 0;
      this.storedStateVector = stateVector;
      // Nobody else appended in between: the room is at our last row. Otherwise read the rows we skipped.
      if (after <= this.position) this.position = Math.max(this.position, position);
      else void this.catchUp();
      this.options.bus?.publish(this.name, position);
      for (const item of batch) {
        if (!item.relayWhenStored) continue;
        const frame = updateFrame(item.update);
        for (const conn of this.connections) conn.send(frame);
      }
      const frame = storedFrame(stateVector);
      for (const conn of this.connections) if (conn.wantsAcks) conn.send(frame);
      if (this.pending.length === 0) this.resolveAllStored();
    } catch (error) {
      this.options.metrics?.flushFailed();
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
      this.options.onWriteFailed?.();
      throw error;
    } finally {
      this.writingCount = 0;
      this.writingSince = null;
    }
  }

  private resolveAllStored(): void {
    const waiters = this.allStoredWaiters;
    this.allStoredWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Flushes, then frees the doc. The room must not be used afterwards. */
  async destroy(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.destroyed = true;
    this.resolveAllStored();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.catchUpRetry) clearTimeout(this.catchUpRetry);
    await this.catchingUp?.catch(() => undefined);
    for (const detach of this.detachers) detach();
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Merges consecutive updates from the same user, keeping who-changed-what for the audit trail. */
function mergeRunsBySameUser(batch: readonly StoredUpdate[]): StoredUpdate[] {
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

const byteLength = (updates: StoredUpdate[]) => updates.reduce((sum, u) => sum + u.update.byteLength, 0);
