// PgDocStore with several server instances writing one doc: each instance has its own pool (as separate
// processes would), appends run concurrently, and an instance that only reads "the updates after my
// position" sees every update exactly once, in commit order — while both compact in the background.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import * as Y from 'yjs';
import { migrate } from '../../sync-server/src/db/migrate.ts';
import { createPool } from '../../sync-server/src/db/pool.ts';
import { mergedState } from '../../sync-server/src/persistence/doc-store.ts';
import { PgDocStore } from '../../sync-server/src/persistence/pg-doc-store.ts';
import { createTestDatabase } from '../helpers/database.ts';

let dropDatabase: () => Promise<void>;
const pools: pg.Pool[] = [];

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  for (let i = 0; i < 2; i++) pools.push(createPool(database.url));
  await migrate(pools[0]!);
});
afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await dropDatabase?.();
});

/** One edit: a line of its own in a shared text, so the final text tells which edits arrived. */
function lineUpdate(writer: Y.Doc, line: string): Uint8Array {
  const before = Y.encodeStateVector(writer);
  const text = writer.getText('notes');
  text.insert(text.length, line + '\n');
  return Y.encodeStateAsUpdate(writer, before);
}

describe('PgDocStore with several writers', () => {
  it('accepts concurrent appends to one doc and hands every update to a reader following positions', async () => {
    const doc = `test:${randomUUID()}`;
    const stores = pools.map((pool) => new PgDocStore(pool, { compactAfter: 15 }));
    const lines: string[] = [];
    const appends: Promise<{ after: number; position: number }>[] = [];
    stores.forEach((store, s) => {
      const writer = new Y.Doc();
      for (let i = 0; i < 40; i++) {
        const line = `instance-${s}-edit-${i}`;
        lines.push(line);
        appends.push(store.append(doc, [{ update: lineUpdate(writer, line), userId: null, at: new Date() }]));
      }
    });

    // A third party catching up by position while the writers run.
    const follower = new Y.Doc();
    let position = 0;
    const seen: number[] = [];
    const readNewRows = async () => {
      for (const row of await stores[1]!.updatesAfter(doc, position)) {
        expect(row.position).toBeGreaterThan(position);
        Y.applyUpdate(follower, row.update);
        seen.push(row.position);
        position = row.position;
      }
    };
    // One read at a time, as a room's catch-up does.
    let reading = Promise.resolve();
    const follow = () => (reading = reading.then(readNewRows));
    const results = await Promise.all([...appends.map((a) => a.then(async (r) => (await follow(), r)))]);
    await follow();
    await Promise.all(stores.map((s) => s.close()));

    const positions = results.map((r) => r.position).sort((a, b) => a - b);
    expect(new Set(positions).size).toBe(80);
    // Each append knows what came right before it: together they form one chain without gaps.
    const afters = new Set(results.map((r) => r.after));
    for (const p of positions.slice(0, -1)) expect(afters.has(p)).toBe(true);
    expect(seen).toEqual(positions);
    for (const line of lines) expect(follower.getText('notes').toString()).toContain(line);

    const loaded = await stores[0]!.loadWithPosition(doc);
    expect(loaded.position).toBe(positions.at(-1));
    const fromStore = new Y.Doc();
    Y.applyUpdate(fromStore, mergedState(loaded)!);
    for (const line of lines) expect(fromStore.getText('notes').toString()).toContain(line);
  });

  it('lets only one instance compact a doc at a time; the other skips', async () => {
    const doc = `test:${randomUUID()}`;
    const [a, b] = pools.map((pool) => new PgDocStore(pool, { compactAfter: 1000 }));
    const writer = new Y.Doc();
    for (let i = 0; i < 30; i++) await a!.append(doc, [{ update: lineUpdate(writer, `line-${i}`), userId: null, at: new Date() }]);
    const [first, second] = await Promise.all([a!.compact(doc), b!.compact(doc)]);
    // Exactly one merged the log; the other found it taken (or already merged).
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const { rows } = await pools[0]!.query('SELECT count(*)::int AS n FROM doc_snapshots WHERE doc = $1', [doc]);
    expect(rows[0].n).toBe(1);
    const after = await b!.loadWithPosition(doc);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, mergedState(after)!);
    expect(loaded.getText('notes').toString()).toBe(writer.getText('notes').toString());
    expect(await b!.updatesAfter(doc, after.position)).toEqual([]);
  });
});
