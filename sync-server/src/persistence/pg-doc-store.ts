// Keeps docs in Postgres: every update in the append-only doc_updates log (the audit trail, never
// rewritten) plus snapshots that merge the log up to an id, so loading reads one snapshot and the
// updates after it instead of the whole history.
import type pg from 'pg';
import * as Y from 'yjs';
import { inTransaction } from '../db/pool.ts';
import type { DocStore, StoredUpdate } from './doc-store.ts';

export type PgDocStoreOptions = {
  /** Compact a doc once more than this many updates were appended since its latest snapshot. */
  compactAfter?: number;
  log?: (msg: string) => void;
};

type SnapshotRow = { through_id: string; state: Buffer };
type UpdateRow = { id: string; update: Buffer };

export class PgDocStore implements DocStore {
  private readonly compactAfter: number;
  private readonly log: (msg: string) => void;
  /**
   * Updates appended since each doc's latest snapshot, as far as this process knows: counted once per
   * doc, then kept up to date by append and compact. Only decides when to compact, so an estimate
   * (another server appending too) is fine.
   */
  private readonly sinceSnapshot = new Map<string, number>();
  private readonly compactions = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    { compactAfter = 500, log = () => {} }: PgDocStoreOptions = {},
  ) {
    this.compactAfter = compactAfter;
    this.log = log;
  }

  async load(doc: string): Promise<Uint8Array | null> {
    // Two statements without a transaction are enough: log rows are never deleted, so the updates
    // after the snapshot read first are all still there when the second statement runs.
    const snapshot = await latestSnapshot(this.pool, doc);
    const updates = await updatesAfter(this.pool, doc, snapshot?.through_id ?? '0');
    const parts = [...(snapshot ? [snapshot.state] : []), ...updates.map((row) => row.update)];
    if (parts.length === 0) return null;
    return parts.length === 1 ? new Uint8Array(parts[0]!) : Y.mergeUpdates(parts);
  }

  async append(doc: string, updates: readonly StoredUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const counted = await inTransaction(this.pool, async (client) => {
      await lockDoc(client, doc);
      // WITH ORDINALITY + ORDER BY: ids are handed out in the order the updates were given.
      await client.query(
        `INSERT INTO doc_updates (doc, update, user_id, created_at)
         SELECT $1, u.update, u.user_id, u.created_at
           FROM unnest($2::bytea[], $3::uuid[], $4::timestamptz[]) WITH ORDINALITY AS u(update, user_id, created_at, n)
          ORDER BY u.n`,
        [doc, updates.map((u) => u.update), updates.map((u) => u.userId), updates.map((u) => u.at)],
      );
      return this.sinceSnapshot.has(doc) ? null : await countAfterLatestSnapshot(client, doc, this.compactAfter + 1);
    });
    const count = counted ?? (this.sinceSnapshot.get(doc) ?? 0) + updates.length;
    this.sinceSnapshot.set(doc, count);
    if (count > this.compactAfter) this.compactInBackground(doc);
  }

  async compact(doc: string): Promise<boolean> {
    const merged = await inTransaction(this.pool, async (client) => {
      // The lock append takes: every update whose id is below the ones read here has committed, so
      // the snapshot can never skip an update that commits later with a smaller id.
      await lockDoc(client, doc);
      const snapshot = await latestSnapshot(client, doc);
      const updates = await updatesAfter(client, doc, snapshot?.through_id ?? '0');
      if (updates.length === 0) return 0;
      const throughId = updates.at(-1)!.id;
      const state = squash([...(snapshot ? [snapshot.state] : []), ...updates.map((row) => row.update)]);
      await client.query('INSERT INTO doc_snapshots (doc, through_id, state) VALUES ($1, $2, $3)', [doc, throughId, state]);
      await client.query('DELETE FROM doc_snapshots WHERE doc = $1 AND through_id < $2', [doc, throughId]);
      return updates.length;
    });
    if (merged === 0) return false;
    const known = this.sinceSnapshot.get(doc);
    if (known !== undefined) this.sinceSnapshot.set(doc, Math.max(0, known - merged));
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.compactions.values());
  }

  /**
   * At most one compaction per doc at a time. Appends that arrive meanwhile do not start another; if
   * they add up to the threshold again, the next one starts when this one ends. A failure is logged
   * and retried after the next append.
   */
  private compactInBackground(doc: string): void {
    if (this.closed || this.compactions.has(doc)) return;
    const run = this.compact(doc).then(
      () => {
        this.compactions.delete(doc);
        if ((this.sinceSnapshot.get(doc) ?? 0) > this.compactAfter) this.compactInBackground(doc);
      },
      (error: Error) => {
        this.compactions.delete(doc);
        this.log(`compacting doc ${doc} failed; will retry after the next update: ${error.message}`);
      },
    );
    this.compactions.set(doc, run);
  }
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Serialises appends and compactions of one doc across connections and servers until the transaction ends. */
async function lockDoc(client: pg.PoolClient, doc: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [doc]);
}

async function latestSnapshot(db: Queryable, doc: string): Promise<SnapshotRow | undefined> {
  const { rows } = await db.query<SnapshotRow>(
    'SELECT through_id, state FROM doc_snapshots WHERE doc = $1 ORDER BY through_id DESC LIMIT 1',
    [doc],
  );
  return rows[0];
}

async function updatesAfter(db: Queryable, doc: string, throughId: string): Promise<UpdateRow[]> {
  const { rows } = await db.query<UpdateRow>('SELECT id, update FROM doc_updates WHERE doc = $1 AND id > $2 ORDER BY id', [doc, throughId]);
  return rows;
}

/** How many updates follow the latest snapshot, counting no further than `limit` (all we need to know). */
async function countAfterLatestSnapshot(client: pg.PoolClient, doc: string, limit: number): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM doc_updates
        WHERE doc = $1 AND id > coalesce((SELECT max(through_id) FROM doc_snapshots WHERE doc = $1), 0)
        LIMIT $2
     ) AS recent`,
    [doc, limit],
  );
  return rows[0]!.n;
}

/*
 * Merges updates into one by applying them to a doc: unlike Y.mergeUpdates this drops the content of
 * deleted items (Yjs garbage collection), so a snapshot shrinks when text is deleted. Updates whose
 * predecessors are missing stay in the doc as pending and are part of the encoded state.
 */
function squash(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
