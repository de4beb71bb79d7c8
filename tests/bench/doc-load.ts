// Time to load a doc with a long history (of a doc whose content stays about the same size): the
// history is written through PgDocStore (as the server writes it), compacted as the server would, then
// timed twice — `store.load` on its own, and a first
// client sync through our server (room opened from the store, handshake answered).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createPool } from '../../sync-server/src/db/pool.ts';
import { PgDocStore } from '../../sync-server/src/persistence/pg-doc-store.ts';
import { applyLoaded, type LoadedDoc, type StoredUpdate } from '../../sync-server/src/persistence/doc-store.ts';
import { median, round2 } from './stats.ts';
import { connectClient, whenSynced } from './sync-clients.ts';
import type { Target } from './targets.ts';

export type DocLoadResult = {
  updates: number;
  /** Rows left in the log after the latest snapshot when the doc was timed. */
  logRowsAfterSnapshot: number;
  stateBytes: number;
  /** `loadWithPosition`: what the server awaits from Postgres before it opens the doc's room. */
  storeLoadMs: number;
  /** Applying what was read to a new Y.Doc in one transaction, as the room does. */
  applyMs: number;
  firstSyncMs: number;
};

/** The server's default; a doc is compacted once more than this many updates follow its snapshot. */
const COMPACT_AFTER = 500;
/** What a doc looks like between compactions: a snapshot plus half a threshold of newer updates. */
const TAIL = COMPACT_AFTER / 2;
const APPEND_BATCH = 500;
/** Median of this many timed calls per size. */
const LOAD_ROUNDS = 41;
const SYNC_ROUNDS = 15;

/** Notes are rewritten, not only appended to: past this length the oldest part is cut away. */
const NOTES_MAX_CHARS = 2_000;

/**
 * Someone working on a profile over a long time: typing in its notes with the odd correction, now and
 * then rewriting them (the oldest part is cut once they pass NOTES_MAX_CHARS) and changing a field. So the
 * doc's content stays about the same size while its history grows — what this part measures is the
 * cost of history (log rows, tombstones), not of a bigger doc.
 */
function editingHistory(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const notes = doc.getText('notes');
  const fields = doc.getMap<string>('profile');
  for (let i = 0; i < count; i++) {
    if (i % 50 === 49) fields.set(i % 100 === 99 ? 'city' : 'street', `Musterstraße ${i}`);
    else if (notes.length > NOTES_MAX_CHARS) notes.delete(0, NOTES_MAX_CHARS / 10);
    else if (i % 10 === 9 && notes.length > 0) notes.delete(notes.length - 1, 1);
    else notes.insert(notes.length, 'abcdefghijklmnopqrstuvwxyz '[i % 27]!);
  }
  doc.destroy();
  return updates;
}

async function writeHistory(store: PgDocStore, doc: string, updates: Uint8Array[]): Promise<void> {
  const rows = (list: Uint8Array[]): StoredUpdate[] => list.map((update) => ({ update, userId: null, at: new Date() }));
  const head = updates.slice(0, updates.length - TAIL);
  for (let i = 0; i < head.length; i += APPEND_BATCH) await store.append(doc, rows(head.slice(i, i + APPEND_BATCH)));
  await store.compact(doc);
  for (let i = head.length; i < updates.length; i += 10) await store.append(doc, rows(updates.slice(i, i + 10)));
}

async function timeFirstSync(target: Target, doc: string): Promise<number> {
  const started = performance.now();
  const client = connectClient(target, doc);
  // The provider's event, not a poll: polling every 10 ms would add up to 10 ms to a ~10 ms figure.
  const synced = new Promise<number>((resolve) => client.provider.once('sync', () => resolve(performance.now())));
  try {
    const at = await Promise.race([synced, whenSynced([client], Date.now() + 60_000, doc).then(() => synced)]);
    return at - started;
  } finally {
    client.destroy();
  }
}

export async function measureDocLoads(target: Target, sizes: number[]): Promise<DocLoadResult[]> {
  const pool = createPool(target.databaseUrl!);
  // No background compaction: writeHistory compacts at the point it wants.
  const store = new PgDocStore(pool, { compactAfter: Number.MAX_SAFE_INTEGER });
  try {
    const docs: string[] = [];
    for (const size of sizes) {
      const doc = `profile/${randomUUID()}`;
      await writeHistory(store, doc, editingHistory(size));
      docs.push(doc);
    }
    // One untimed load each first, so no size pays for warming up the code path. Then the sizes take
    // turns, round after round (the first size rotating): a few milliseconds are at stake, and a
    // machine that gets busier during the part would otherwise count against the size timed last.
    const stateBytes = await Promise.all(docs.map(async (doc) => (await store.load(doc))!.byteLength));
    const loaded = new Map<string, LoadedDoc>();
    const loads = await inTurns(docs, LOAD_ROUNDS, async (doc) => {
      const started = performance.now();
      loaded.set(doc, await store.loadWithPosition(doc));
      return performance.now() - started;
    });
    const applies = await inTurns(docs, LOAD_ROUNDS, async (doc) => {
      const started = performance.now();
      const ydoc = new Y.Doc();
      applyLoaded(ydoc, loaded.get(doc)!, null);
      const ms = performance.now() - started;
      ydoc.destroy();
      return ms;
    });
    const syncs = await inTurns(docs, SYNC_ROUNDS, async (doc) => {
      const ms = await timeFirstSync(target, doc);
      // The room is freed (flushed, destroyed) after its last client leaves; give it that moment so
      // the next sync loads the doc from the store again.
      await new Promise((r) => setTimeout(r, 300));
      return ms;
    });
    return sizes.map((updates, i) => ({
      updates,
      logRowsAfterSnapshot: TAIL,
      stateBytes: stateBytes[i]!,
      storeLoadMs: round2(median(loads[i]!)),
      applyMs: round2(median(applies[i]!)),
      firstSyncMs: round2(median(syncs[i]!)),
    }));
  } finally {
    await store.close();
    await pool.end();
  }
}

/** Times `measure` for each doc once per round, starting each round with the next doc; times per doc. */
async function inTurns(docs: string[], rounds: number, measure: (doc: string) => Promise<number>): Promise<number[][]> {
  const times = docs.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < docs.length; k++) {
      const i = (round + k) % docs.length;
      times[i]!.push(await measure(docs[i]!));
    }
  }
  return times;
}
