// PgDocStore on a real Postgres: what is stored comes back, the log is kept as the audit trail, and
// compaction never loses an update — not even one committed while it runs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import * as Y from 'yjs';
import { migrate } from '../../sync-server/src/db/migrate.ts';
import { createPool } from '../../sync-server/src/db/pool.ts';
import type { StoredUpdate } from '../../sync-server/src/persistence/doc-store.ts';
import { PgDocStore } from '../../sync-server/src/persistence/pg-doc-store.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait-for.ts';

let url: string;
let db: pg.Pool;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase();
  url = database.url;
  dropDatabase = database.drop;
  db = createPool(url);
  await migrate(db);
});
afterAll(async () => {
  await db?.end();
  await dropDatabase?.();
});

/** Every test writes its own doc, so tests sharing this database never see each other's rows. */
const newDocName = () => `test:${randomUUID()}`;
const by = (userId: string | null) => (update: Uint8Array): StoredUpdate => ({ update, userId, at: new Date() });

/** A client editing its own replica; `edit` returns the update the edit produced. */
function replica() {
  const doc = new Y.Doc();
  let last: Uint8Array | null = null;
  doc.on('update', (update: Uint8Array) => (last = update));
  return {
    doc,
    edit(change: (doc: Y.Doc) => void): Uint8Array {
      doc.transact(() => change(doc));
      return last!;
    },
  };
}

const appendLine = (line: string) => (doc: Y.Doc) => doc.getText('notes').insert(doc.getText('notes').length, line + '\n');

function docFrom(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc;
}

async function logOf(doc: string) {
  const { rows } = await db.query<{ id: string; user_id: string | null; created_at: Date }>(
    'SELECT id, user_id, created_at FROM doc_updates WHERE doc = $1 ORDER BY id',
    [doc],
  );
  return rows;
}

async function snapshotsOf(doc: string) {
  const { rows } = await db.query<{ through_id: string }>('SELECT through_id FROM doc_snapshots WHERE doc = $1', [doc]);
  return rows;
}

async function updatesAfterLatestSnapshot(doc: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM doc_updates
      WHERE doc = $1 AND id > coalesce((SELECT max(through_id) FROM doc_snapshots WHERE doc = $1), 0)`,
    [doc],
  );
  return rows[0]!.n;
}

describe('PgDocStore', () => {
  it('loads null for a doc never stored', async () => {
    expect(await new PgDocStore(db).load(newDocName())).toBeNull();
  });

  it('gives back the content of a stored doc', async () => {
    const store = new PgDocStore(db);
    const name = newDocName();
    const original = new Y.Doc();
    original.transact(() => {
      original.getMap('employees').set('e1', new Y.Map(Object.entries({ firstName: 'Erika', lastName: 'Mustermann' })));
      original.getText('notes').insert(0, 'Grüße aus Köln');
      original.getArray('tags').push(['a', 'b']);
    });
    await store.append(name, [by(null)(Y.encodeStateAsUpdate(original))]);
    const anna = replica();
    Y.applyUpdate(anna.doc, Y.encodeStateAsUpdate(original));
    await store.append(name, [by(randomUUID())(anna.edit((d) => d.getArray('tags').push(['c'])))]);

    const loaded = docFrom(await store.load(name));
    expect(loaded.getMap('employees').toJSON()).toEqual({ e1: { firstName: 'Erika', lastName: 'Mustermann' } });
    expect(loaded.getText('notes').toString()).toBe('Grüße aus Köln');
    expect(loaded.getArray('tags').toJSON()).toEqual(['a', 'b', 'c']);
    await store.close();
  });

  it('records who sent each update and when, in the order given, in one append', async () => {
    const store = new PgDocStore(db);
    const name = newDocName();
    const anna = randomUUID();
    const a = replica();
    const updates: StoredUpdate[] = [
      { update: a.edit(appendLine('one')), userId: anna, at: new Date('2025-01-02T08:00:00.123Z') },
      { update: a.edit(appendLine('two')), userId: null, at: new Date('2025-01-02T08:00:01Z') },
      { update: a.edit(appendLine('three')), userId: anna, at: new Date('2025-01-02T08:00:02Z') },
    ];
    await store.append(name, updates);

    const log = await logOf(name);
    expect(log.map((row) => row.user_id)).toEqual([anna, null, anna]);
    expect(log.map((row) => row.created_at.toISOString())).toEqual(updates.map((u) => u.at.toISOString()));
    expect(docFrom(await store.load(name)).getText('notes').toString()).toBe('one\ntwo\nthree\n');
    await store.close();
  });

  it('compacts only when there is something new', async () => {
    const store = new PgDocStore(db);
    const name = newDocName();
    const a = replica();
    expect(await store.compact(name)).toBe(false);
    await store.append(name, [by(null)(a.edit(appendLine('x')))]);
    expect(await store.compact(name)).toBe(true);
    expect(await store.compact(name)).toBe(false);
    await store.close();
  });

  it('loads the same content after many updates, reading only the snapshot and the updates after it', async () => {
    const store = new PgDocStore(db, { compactAfter: 20 });
    const name = newDocName();
    const a = replica();
    for (let i = 0; i < 150; i++) {
      await store.append(name, [by(null)(a.edit(appendLine(`line ${i}`)))]);
      // Deletions too, so the snapshot has deleted content to leave out.
      if (i % 10 === 9) await store.append(name, [by(null)(a.edit((d) => d.getText('notes').delete(0, 'line 0\n'.length)))]);
    }
    await waitFor(async () => (await updatesAfterLatestSnapshot(name)) <= 20, { what: 'background compaction' });
    await store.close();

    // The whole log is kept, and only the newest snapshot.
    expect(await logOf(name)).toHaveLength(165);
    const snapshots = await snapshotsOf(name);
    expect(snapshots).toHaveLength(1);
    // Proof that load does not read the log before the snapshot: that part can be garbage.
    await db.query("UPDATE doc_updates SET update = '\\xdeadbeef'::bytea WHERE doc = $1 AND id <= $2", [name, snapshots[0]!.through_id]);
    const loaded = docFrom(await new PgDocStore(db).load(name));
    expect(loaded.getText('notes').toString()).toBe(a.doc.getText('notes').toString());
  });

  it('writes snapshots in the v2 encoding and still reads a v1 snapshot written before that', async () => {
    const store = new PgDocStore(db);
    const name = newDocName();
    const a = replica();
    for (let i = 0; i < 30; i++) await store.append(name, [by(null)(a.edit(appendLine(`line ${i}`)))]);
    // A snapshot as written before migration 003: v1, its format left at the default, through update 10.
    const { rows: firstTen } = await db.query<{ id: string; update: Buffer }>('SELECT id, update FROM doc_updates WHERE doc = $1 ORDER BY id LIMIT 10', [name]);
    const old = new Y.Doc();
    for (const row of firstTen) Y.applyUpdate(old, row.update);
    await db.query('INSERT INTO doc_snapshots (doc, through_id, state) VALUES ($1, $2, $3)', [name, firstTen.at(-1)!.id, Y.encodeStateAsUpdate(old)]);
    expect(docFrom(await store.load(name)).getText('notes').toString()).toBe(a.doc.getText('notes').toString());

    expect(await store.compact(name)).toBe(true);
    const { rows } = await db.query<{ format: number }>('SELECT format FROM doc_snapshots WHERE doc = $1', [name]);
    expect(rows).toEqual([{ format: 2 }]);
    await store.append(name, [by(null)(a.edit(appendLine('after the v2 snapshot')))]);
    const loaded = await store.loadWithPosition(name);
    expect(loaded.parts.map((part) => part.v2)).toEqual([true, false]);
    expect(docFrom(await store.load(name)).getText('notes').toString()).toBe(a.doc.getText('notes').toString());
    await store.close();
  });

  it('keeps every update, including ones arriving during compaction', async () => {
    // Two servers (pools) and eight clients write one doc at once while compactions run: explicit ones
    // in a loop, and background ones after every 5 updates.
    const servers = [createPool(url), createPool(url)];
    const stores = servers.map((pool) => new PgDocStore(pool, { compactAfter: 5 }));
    const name = newDocName();
    const writers = Array.from({ length: 8 }, (_, w) => ({ w, client: replica(), user: randomUUID() }));
    const editsPerWriter = 50;

    let writing = true;
    let compactionsDuringWrites = 0;
    const compactor = (async () => {
      while (writing) if (await stores[0]!.compact(name)) compactionsDuringWrites++;
    })();
    await Promise.all(
      writers.map(async ({ w, client, user }) => {
        const store = stores[w % stores.length]!;
        for (let i = 0; i < editsPerWriter; i++) {
          const update = client.edit((d) => {
            d.getMap('edits').set(`${w}:${i}`, user);
            appendLine(`w${w}-${i}`)(d);
          });
          await store.append(name, [{ update, userId: user, at: new Date() }]);
        }
      }),
    );
    writing = false;
    await compactor;
    await Promise.all(stores.map((store) => store.close()));
    expect(compactionsDuringWrites).toBeGreaterThan(0);

    const loaded = docFrom(await stores[1]!.load(name));
    const edits = loaded.getMap('edits');
    const notes = loaded.getText('notes').toString();
    const missing = writers.flatMap(({ w }) =>
      Array.from({ length: editsPerWriter }, (_, i) => `${w}:${i}`).filter((key) => !edits.has(key) || !notes.includes(`w${w}-${key.split(':')[1]}\n`)),
    );
    expect(missing).toEqual([]);
    expect(loaded.store.pendingStructs).toBeNull();
    expect(await logOf(name)).toHaveLength(writers.length * editsPerWriter);
    await Promise.all(servers.map((pool) => pool.end()));
  });

  it('keeps an update that arrived before the one it builds on', async () => {
    const store = new PgDocStore(db);
    const name = newDocName();
    const a = replica();
    const first = a.edit(appendLine('first'));
    const second = a.edit(appendLine('second'));
    await store.append(name, [by(null)(second)]);
    expect(await store.compact(name)).toBe(true);
    await store.append(name, [by(null)(first)]);
    expect(await store.compact(name)).toBe(true);
    expect(docFrom(await store.load(name)).getText('notes').toString()).toBe('first\nsecond\n');
    await store.close();
  });

  it('finishes a background compaction before close resolves', async () => {
    const store = new PgDocStore(db, { compactAfter: 2 });
    const name = newDocName();
    const a = replica();
    await store.append(name, ['a', 'b', 'c'].map((line) => by(null)(a.edit(appendLine(line)))));
    await store.close();
    expect(await snapshotsOf(name)).toHaveLength(1);
    expect(await updatesAfterLatestSnapshot(name)).toBe(0);
  });

  it('logs a failing background compaction and still stores the update', async () => {
    const messages: string[] = [];
    const store = new PgDocStore(db, { compactAfter: 1, log: (msg) => messages.push(msg) });
    const name = newDocName();
    // A row no Yjs can read: compaction fails on it.
    await db.query("INSERT INTO doc_updates (doc, update) VALUES ($1, '\\xdeadbeef'::bytea)", [name]);
    const a = replica();
    await expect(store.append(name, [by(null)(a.edit(appendLine('kept')))])).resolves.toMatchObject({ position: expect.any(Number) });
    await store.close();
    expect(messages).toEqual([expect.stringMatching(new RegExp(`compacting doc ${name} failed`))]);
    expect(await logOf(name)).toHaveLength(2);
  });
});
