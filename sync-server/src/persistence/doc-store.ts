// Where docs are kept. The sync rooms only talk to this interface; PgDocStore keeps docs in Postgres,
// MemoryDocStore in memory for unit tests.

export type StoredUpdate = {
  update: Uint8Array;
  /** The signed-in user who sent it; null for updates the server wrote itself (seeding, numbering). */
  userId: string | null;
  at: Date;
};

/**
 * Where a doc's log stands: every update up to and including this position has been read. Positions of
 * one doc only grow, in the order appends committed, so "the updates after my position" never skips one
 * that another server appended. 0 = before the first update.
 */
export type DocPosition = number;

export type LoadedDoc = { state: Uint8Array | null; position: DocPosition };

export type AppendedUpdates = {
  /** The doc's position right before this append (the last update another writer appended, or ours). */
  after: DocPosition;
  /** The position of the last update appended now. */
  position: DocPosition;
};

export type UpdateAfter = { position: DocPosition; update: Uint8Array };

export interface DocStore {
  /** The doc's full state as one Yjs update (latest snapshot + later updates), or null if never stored. */
  load(doc: string): Promise<Uint8Array | null>;
  /** Like load, plus the position the state covers (to ask for later updates with updatesAfter). */
  loadWithPosition(doc: string): Promise<LoadedDoc>;
  /** Updates appended after `position`, oldest first — what other servers stored since this one last looked. */
  updatesAfter(doc: string, position: DocPosition): Promise<UpdateAfter[]>;
  /**
   * Appends updates to the doc's log in one transaction; several servers may append to one doc at once.
   * When the log since the last snapshot has grown past the compaction threshold, a compaction is
   * scheduled in the background.
   */
  append(doc: string, updates: readonly StoredUpdate[]): Promise<AppendedUpdates>;
  /** Merges the log since the last snapshot into a new snapshot now. Returns false if there was nothing to merge. */
  compact(doc: string): Promise<boolean>;
  /** Waits for background compactions to finish. */
  close(): Promise<void>;
}
