// Where docs are kept. The sync rooms only talk to this interface; PgDocStore keeps docs in Postgres,
// MemoryDocStore in memory for unit tests.

export type StoredUpdate = {
  update: Uint8Array;
  /** The signed-in user who sent it; null for updates the server wrote itself (seeding, numbering). */
  userId: string | null;
  at: Date;
};

export interface DocStore {
  /** The doc's full state as one Yjs update (latest snapshot + later updates), or null if never stored. */
  load(doc: string): Promise<Uint8Array | null>;
  /**
   * Appends updates to the doc's log in one transaction. When the log since the last snapshot has grown
   * past the compaction threshold, a compaction is scheduled in the background.
   */
  append(doc: string, updates: readonly StoredUpdate[]): Promise<void>;
  /** Merges the log since the last snapshot into a new snapshot now. Returns false if there was nothing to merge. */
  compact(doc: string): Promise<boolean>;
  /** Waits for background compactions to finish. */
  close(): Promise<void>;
}
