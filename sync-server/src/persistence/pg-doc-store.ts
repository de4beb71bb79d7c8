// Keeps docs in Postgres: every update in the append-only doc_updates log (the audit trail, never
// rewritten) plus snapshots that merge the log up to an id, so loading reads one snapshot and the
// updates after it instead of the whole history.
import type pg from 'pg';
import * as Y from 'yjs';
import { inTransaction } from '../db/pool.ts';
import type { StoreMetrics } from '../observability/sync-metrics.ts';
import { V1, decodeSnapshot, encodeSnapshot, type EncodedSnapshot } from './snapshot-encoding.ts';
import { applyLoaded, mergedState, type AppendedUpdates, type DocPosition, type DocStore, type LoadedDoc, type StoredUpdate, type UpdateAfter } from './doc-store.ts';

export type PgDocStoreOptions = {
  /** Compact a doc once more than this many updates were appended since its latest snapshot. */
  compactAfter?: number;
  log?: (msg: string) => void;
  metrics?: StoreMetrics;
};

type SnapshotRow = { through_id: string; state: Buffer; format: number };
type UpdateRow = { id: string; update: Buffer };

export class PgDocStore implements DocStore {
  private readonly compactAfter: number;
  private readonly log: (msg: string) => void;
  private readonly metrics: StoreMetrics | undefined;
  /**
   * Updates appended since each doc's latest snapshot, as far as this process knows: counted at the
   * first append after start or after a compaction, then kept up to date by append. Only decides when to compact, so an estimate
   * (another server appending too) is fine.
   */
  private readonly sinceSnapshot = new Map<string, number>();
  private readonly compactions = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    { compactAfter = 500, log = () => {}, metrics }: PgDocStoreOptions = {},
  ) {
    this.compactAfter = compactAfter;
    this.log = log;
    this.metrics = metrics;
  }

  async load(doc: string): Promise<Uint8Array | null> {
    const state = mergedState(await this.loadWithPosition(doc));
    return state && new Uint8Array(state);
  }

  async loadWithPosition(doc: string): Promise<LoadedDoc> {
    // One statement, one round trip: the snapshot (first row, if any) and the updates after it.
    const { rows } = await this.pool.query<{ id: string; data: Buffer; format: number }>({
      name: 'doc-load',
      text: `WITH snapshot AS (
               SELECT through_id, state, format FROM doc_snapshots WHERE doc = $1 ORDER BY through_id DESC LIMIT 1
             )
             SELECT id, data, format FROM (
               SELECT 0 AS part, through_id AS id, state AS data, format FROM snapshot
               UNION ALL
               SELECT 1, id, update, ${V1} FROM doc_updates
                WHERE doc = $1 AND id > coalesce((SELECT through_id FROM snapshot), 0)
             ) parts
             ORDER BY part, id`,
      values: [doc],
    });
    // Log rows come back as format V1 too, so one decoder reads every part.
    return { parts: rows.map((row) => decodeSnapshot(row.data, row.format)), position: Number(rows.at(-1)?.id ?? 0) };
  }

  async updatesAfter(doc: string, position: DocPosition): Promise<UpdateAfter[]> {
    // Appends of one doc hold its lock until they commit, so ids of one doc become visible in order:
    // nothing can still appear below the highest id read here.
    const rows = await updatesAfter(this.pool, doc, String(position));
    return rows.map((row) => ({ position: Number(row.id), update: new Uint8Array(row.update) }));
  }

  async append(doc: string, updates: readonly StoredUpdate[]): Promise<AppendedUpdates> {
    const { appended, counted } = await inTransaction(this.pool, async (client) => {
      await lockDoc(client, doc);
      // WITH ORDINALITY + ORDER BY: ids are handed out in the order the updates were given. All parts
      // of the statement see the table as it was before the insert, so `after` is the previous last id.
      const { rows } = await client.query<{ after: string; position: string | null }>(
        `WITH inserted AS (
           INSERT INTO doc_updates (doc, update, user_id, created_at)
           SELECT $1, u.update, u.user_id, u.created_at
             FROM unnest($2::bytea[], $3::uuid[], $4::timestamptz[]) WITH ORDINALITY AS u(update, user_id, created_at, n)
            ORDER BY u.n
           RETURNING id
         )
         SELECT (SELECT coalesce(max(id), 0) FROM doc_updates WHERE doc = $1) AS after,
                (SELECT max(id) FROM inserted) AS position`,
        [doc, updates.map((u) => u.update), updates.map((u) => u.userId), updates.map((u) => u.at)],
      );
      const after = Number(rows[0]!.after);
      const appended = { after, position: rows[0]!.position === null ? after : Number(rows[0]!.position) };
      if (updates.length === 0) return { appended, counted: null };
      return { appended, counted: this.sinceSnapshot.has(doc) ? null : await countAfterLatestSnapshot(client, doc, this.compactAfter + 1) };
    });
    if (updates.length === 0) return appended;
    const count = counted ?? (this.sinceSnapshot.get(doc) ?? 0) + updates.length;
    this.sinceSnapshot.set(doc, count);
    if (count > this.compactAfter) this.compactInBackground(doc);
    return appended;
  }

  async compact(doc: string): Promise<boolean> {
    const merged = await inTransaction(this.pool, async (client) => {
      // Another server compacting this doc right now does the same work: leave it to that one.
      if (!(await tryLockCompaction(client, doc))) return 0;
      // The lock append takes: every update whose id is below the ones read here has committed, so
      // the snapshot can never skip an update that commits later with a smaller id.
      await lockDoc(client, doc);
      const snapshot = await latestSnapshot(client, doc);
      const updates = await updatesAfter(client, doc, snapshot?.through_id ?? '0');
      if (updates.length === 0) return 0;
      const throughId = updates.at(-1)!.id;
      const { state, format } = squash({
        parts: [...(snapshot ? [decodeSnapshot(snapshot.state, snapshot.format)] : []), ...updates.map((row) => ({ update: row.update, v2: false }))],
        position: Number(throughId),
      });
      await client.query('INSERT INTO doc_snapshots (doc, through_id, state, format) VALUES ($1, $2, $3, $4)', [doc, throughId, state, format]);
      await client.query('DELETE FROM doc_snapshots WHERE doc = $1 AND through_id < $2', [doc, throughId]);
      return updates.length;
    });
    // Count again at the next append rather than subtract: another instance may have compacted part of
    // what this one counted (or be compacting right now), and an estimate kept too high would start one
    // small compaction after another.
    this.sinceSnapshot.delete(doc);
    return merged > 0;
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
      (compacted) => {
        if (compacted) this.metrics?.compacted();
        this.compactions.delete(doc);
        if ((this.sinceSnapshot.get(doc) ?? 0) > this.compactAfter) this.compactInBackground(doc);
      },
      (error: Error) => {
        this.metrics?.compactionFailed();
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

/** One compaction per doc across all servers; false if another one holds it (until its transaction ends). */
async function tryLockCompaction(client: pg.PoolClient, doc: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtextextended('compact:' || $1, 0)) AS locked", [doc]);
  return rows[0]!.locked;
}

async function latestSnapshot(db: Queryable, doc: string): Promise<SnapshotRow | undefined> {
  const { rows } = await db.query<SnapshotRow>(
    'SELECT through_id, state, format FROM doc_snapshots WHERE doc = $1 ORDER BY through_id DESC LIMIT 1',
    [doc],
  );
  return rows[0];
}

async function updatesAfter(db: Queryable, doc: string, throughId: string): Promise<UpdateRow[]> {
  // A named statement: each connection parses and plans it once; other instances' catch-ups run it per stored batch.
  const { rows } = await db.query<UpdateRow>({
    name: 'doc-updates-after',
    text: 'SELECT id, update FROM doc_updates WHERE doc = $1 AND id > $2 ORDER BY id',
    values: [doc, throughId],
  });
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

/**
 * Merges updates into one snapshot by applying them to a doc: unlike Y.mergeUpdates this drops the content of
 * deleted items (Yjs garbage collection), so a snapshot shrinks when text is deleted. Updates whose
 * predecessors are missing stay in the doc as pending and are part of the encoded state.
 */
function squash(loaded: LoadedDoc): EncodedSnapshot {
  const doc = new Y.Doc();
  try {
    applyLoaded(doc, loaded, null);
    return encodeSnapshot(doc);
  } finally {
    doc.destroy();
  }
}
