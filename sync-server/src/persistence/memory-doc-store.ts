// The DocStore in memory, for unit tests of the sync rooms: the same log + snapshot behaviour as
// PgDocStore, without a database. Compaction runs right away instead of in the background.
import * as Y from 'yjs';
import type { AppendedUpdates, DocPosition, DocStore, LoadedDoc, StoredUpdate, UpdateAfter } from './doc-store.ts';

type StoredDoc = {
  /** Every update ever appended, oldest first: like doc_updates, never rewritten. */
  log: StoredUpdate[];
  /** The state merged from log[0 .. through) and the index it covers up to. */
  snapshot: { through: number; state: Uint8Array } | null;
};

export class MemoryDocStore implements DocStore {
  private readonly docs = new Map<string, StoredDoc>();
  private readonly compactAfter: number;

  constructor({ compactAfter = 500 }: { compactAfter?: number } = {}) {
    this.compactAfter = compactAfter;
  }

  async load(doc: string): Promise<Uint8Array | null> {
    const stored = this.docs.get(doc);
    return stored ? currentState(stored) : null;
  }

  /** Positions are 1-based indexes into the doc's log. */
  async loadWithPosition(doc: string): Promise<LoadedDoc> {
    const stored = this.docs.get(doc);
    return { parts: stored ? [{ update: currentState(stored), v2: false }] : [], position: stored?.log.length ?? 0 };
  }

  async updatesAfter(doc: string, position: DocPosition): Promise<UpdateAfter[]> {
    const log = this.docs.get(doc)?.log ?? [];
    return log.slice(position).map((u, i) => ({ position: position + i + 1, update: u.update.slice() }));
  }

  async append(doc: string, updates: readonly StoredUpdate[]): Promise<AppendedUpdates> {
    const after = this.docs.get(doc)?.log.length ?? 0;
    if (updates.length === 0) return { after, position: after };
    let stored = this.docs.get(doc);
    if (!stored) this.docs.set(doc, (stored = { log: [], snapshot: null }));
    // Copies, so a caller reusing its buffers or dates cannot change what was stored.
    stored.log.push(...updates.map((u) => ({ update: u.update.slice(), userId: u.userId, at: new Date(u.at) })));
    if (stored.log.length - (stored.snapshot?.through ?? 0) > this.compactAfter) await this.compact(doc);
    return { after, position: stored.log.length };
  }

  async compact(doc: string): Promise<boolean> {
    const stored = this.docs.get(doc);
    const through = stored?.snapshot?.through ?? 0;
    if (!stored || stored.log.length === through) return false;
    stored.snapshot = { through: stored.log.length, state: currentState(stored) };
    return true;
  }

  async close(): Promise<void> {}

  /** What was appended to `doc`, oldest first — for tests asserting who sent what. */
  updatesOf(doc: string): readonly StoredUpdate[] {
    return this.docs.get(doc)?.log ?? [];
  }
}

function currentState({ snapshot, log }: StoredDoc): Uint8Array {
  return Y.mergeUpdates([...(snapshot ? [snapshot.state] : []), ...log.slice(snapshot?.through ?? 0).map((u) => u.update)]);
}
