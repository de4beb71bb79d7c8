// Where docs are kept. The sync rooms only talk to this interface; PgDocStore keeps docs in Postgres,
// MemoryDocStore in memory for unit tests.
import * as Y from 'yjs';

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

/** A Yjs update as stored: clients' updates are v1; snapshots may be v2 (smaller for long histories). */
export type StoredPart = { update: Uint8Array; v2: boolean };

/**
 * A doc as stored: its latest snapshot and the updates after it, oldest first (empty if never stored).
 * Applying them to a Y.Doc in one transaction (applyLoaded) is cheaper than merging them first.
 */
export type LoadedDoc = { parts: StoredPart[]; position: DocPosition };

/** Applies the loaded parts to `doc` in one transaction. */
export function applyLoaded(doc: Y.Doc, { parts }: LoadedDoc, origin: unknown): void {
  doc.transact(() => {
    for (const { update, v2 } of parts) {
      if (v2) Y.applyUpdateV2(doc, update, origin);
      else Y.applyUpdate(doc, update, origin);
    }
  }, origin);
}

/** The loaded parts as one (v1) Yjs update, or null if the doc was never stored. */
export function mergedState({ parts }: LoadedDoc): Uint8Array | null {
  const updates = parts.map(({ update, v2 }) => (v2 ? Y.convertUpdateFormatV2ToV1(update) : update));
  if (updates.length === 0) return null;
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

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
  /** The parts load merges, plus the position they cover (to ask for later updates with updatesAfter). */
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
