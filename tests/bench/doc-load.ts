// Time to load a doc with a long history (of a doc whose content stays about the same size): the
// history is written through PgDocStore (as the server writes it), compacted as the server would, then
// timed twice — `store.load` on its own, and a first
// client sync through our server (room opened from the store, handshake answered).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { createPool } from '../../sync-server/src/db/pool.ts';
import { PgDocStore } from '../../sync-server/src/persistence/pg-doc-store.ts';
import type { StoredUpdate } from '../../sync-server/src/persistence/doc-store.ts';
import { median, round2 } from './stats.ts';
import { connectClient, whenSynced } from './sync-clients.ts';
import type { Target } from './targets.ts';

export type DocLoadResult = {
  updates: number;
  /** Rows left in the log after the latest snapshot when the doc was timed. */
  logRowsAfterSnapshot: number;
  stateBytes: number;
  storeLoadMs: number;
  firstSyncMs: number;
};

/** The server's default; a doc is compacted once more than this many updates follow its snapshot. */
const COMPACT_AFTER = 500;
/** What a doc looks like between compactions: a snapshot plus half a threshold of newer updates. */
const TAIL = COMPACT_AFTER / 2;
const APPEND_BATCH = 500;
const LOAD_REPEATS = 7;
const SYNC_REPEATS = 5;

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
  await whenSynced([client], Date.now() + 60_000, doc);
  const ms = performance.now() - started;
  client.destroy();
  return ms;
}

export async function measureDocLoads(target: Target, sizes: number[]): Promise<DocLoadResult[]> {
  const pool = createPool(target.databaseUrl!);
  // No background compaction: writeHistory compacts at the point it wants.
  const store = new PgDocStore(pool, { compactAfter: Number.MAX_SAFE_INTEGER });
  const results: DocLoadResult[] = [];
  try {
    for (const size of sizes) {
      const doc = `profile/${randomUUID()}`;
      await writeHistory(store, doc, editingHistory(size));
      // One untimed load first, so the first size measured does not pay for warming up the code path.
      await store.load(doc);
      const loads: number[] = [];
      let stateBytes = 0;
      for (let i = 0; i < LOAD_REPEATS; i++) {
        const started = performance.now();
        stateBytes = (await store.load(doc))!.byteLength;
        loads.push(performance.now() - started);
      }
      const syncs: number[] = [];
      for (let i = 0; i < SYNC_REPEATS; i++) {
        syncs.push(await timeFirstSync(target, doc));
        // The room is freed (flushed, destroyed) after its last client leaves; give it that moment so
        // the next sync loads the doc from the store again.
        await new Promise((r) => setTimeout(r, 300));
      }
      results.push({ updates: size, logRowsAfterSnapshot: TAIL, stateBytes, storeLoadMs: round2(median(loads)), firstSyncMs: round2(median(syncs)) });
    }
  } finally {
    await store.close();
    await pool.end();
  }
  return results;
}
