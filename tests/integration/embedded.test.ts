// The embedded database (PGlite behind a local socket): the same pool, migrations and doc store work
// on it, and what is stored survives a restart on the same data directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../sync-server/src/db/embedded.ts';
import { migrate } from '../../sync-server/src/db/migrate.ts';
import { createPool, inTransaction } from '../../sync-server/src/db/pool.ts';
import { PgDocStore } from '../../sync-server/src/persistence/pg-doc-store.ts';

const root = resolve(import.meta.dirname, '../..');
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wm-embedded-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const embedded = await startEmbeddedPostgres({ dataDir });
  cleanups.push(() => embedded.stop());
  return embedded;
}

function notesDoc(lines: string[]): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, lines.join('\n'));
  return doc;
}

describe('embedded Postgres', () => {
  it('keeps a stored doc across a stop and a start on the same data directory', async () => {
    const dataDir = await tempDataDir();
    const first = await start(dataDir);
    const db = createPool(first.url);
    expect(await migrate(db)).toContain('001_init');
    const store = new PgDocStore(db, { compactAfter: 2 });
    const doc = notesDoc(['Angebot an Müller GmbH', 'Rückruf Montag']);
    await store.append('org', [{ update: Y.encodeStateAsUpdate(doc), userId: null, at: new Date() }]);
    expect(await store.compact('org')).toBe(true);
    doc.getText('notes').insert(0, 'Neu: ');
    await store.append('org', [{ update: Y.encodeStateAsUpdate(doc), userId: null, at: new Date() }]);
    await store.close();
    await db.end();
    await first.stop();

    const second = await start(dataDir);
    const reopened = createPool(second.url);
    cleanups.push(() => reopened.end());
    expect(await migrate(reopened)).toEqual([]);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, (await new PgDocStore(reopened).load('org'))!);
    expect(loaded.getText('notes').toString()).toBe('Neu: Angebot an Müller GmbH\nRückruf Montag');
  });

  it('answers concurrent queries, large parameters and transactions correctly through the pool', async () => {
    const embedded = await start(await tempDataDir());
    const db = createPool(embedded.url);
    cleanups.push(() => db.end());
    // One connection: see embedded.ts for why the socket server must not be given more.
    expect(db.options.max).toBe(1);
    await db.query('CREATE TABLE blobs (id serial PRIMARY KEY, tag text NOT NULL, data bytea NOT NULL)');

    const work = Array.from({ length: 60 }, async (_, i) => {
      switch (i % 4) {
        case 0: {
          // Large enough to arrive in several TCP reads.
          const data = Buffer.alloc(300_000 + i, i % 256);
          await db.query('INSERT INTO blobs (tag, data) VALUES ($1, $2)', [`blob-${i}`, data]);
          return;
        }
        case 1: {
          const { rows } = await db.query('SELECT $1::int AS n', [i]);
          expect(rows[0].n).toBe(i);
          return;
        }
        case 2: {
          const { rows } = await db.query('SELECT $1::text AS a, $2::int AS b, $3::text AS c', [`a${i}`, i, 'c']);
          expect(rows[0]).toEqual({ a: `a${i}`, b: i, c: 'c' });
          return;
        }
        default: {
          // Every other transaction rolls back: its rows must not be visible afterwards.
          const rollBack = i % 8 === 3;
          await inTransaction(db, async (client) => {
            await client.query('INSERT INTO blobs (tag, data) VALUES ($1, $2)', [`tx-${i}`, Buffer.from('a')]);
            await client.query('INSERT INTO blobs (tag, data) VALUES ($1, $2)', [`tx-${i}`, Buffer.from('b')]);
            if (rollBack) throw new Error('roll back');
          }).catch((error: Error) => {
            if (!rollBack) throw error;
          });
        }
      }
    });
    await Promise.all(work);

    const { rows } = await db.query<{ tag: string; size: number; first: number }>(
      'SELECT tag, length(data) AS size, get_byte(data, 0) AS first FROM blobs ORDER BY tag',
    );
    const blobs = rows.filter((r) => r.tag.startsWith('blob-'));
    expect(blobs).toHaveLength(15);
    for (const blob of blobs) {
      const i = Number(blob.tag.slice('blob-'.length));
      expect(blob).toMatchObject({ size: 300_000 + i, first: i % 256 });
    }
    const committed = [...new Set(rows.filter((r) => r.tag.startsWith('tx-')).map((r) => r.tag))].sort();
    const expected = Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 4 === 3 && i % 8 !== 3).map((i) => `tx-${i}`).sort();
    expect(committed).toEqual(expected);
    expect(rows.filter((r) => r.tag.startsWith('tx-'))).toHaveLength(expected.length * 2);
  });

  it('refuses a data directory another running server holds, and says what to do', async () => {
    const dataDir = await tempDataDir();
    await start(dataDir);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already open in this process/);

    const otherProcess = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import('./sync-server/src/db/embedded.ts').then((m) => m.startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} }))`],
      { cwd: root, encoding: 'utf8' },
    );
    expect(otherProcess.status).not.toBe(0);
    expect(otherProcess.stderr).toMatch(new RegExp(`in use by process ${process.pid}\\. Stop that server first`));
  });

  it('is reachable only through a socket that no other local user may open', async () => {
    const dataDir = await tempDataDir();
    // A data directory made by an older version, open to everyone.
    await mkdir(join(dataDir, 'pglite'), { recursive: true, mode: 0o755 });
    const embedded = await start(dataDir);
    const url = new URL(embedded.url);
    const socketDir = url.searchParams.get('host')!;
    // No TCP port: the host is a directory, the socket file in it.
    expect(socketDir).toBe(join(dataDir, 'run'));
    const socketPath = join(socketDir, '.s.PGSQL.5432');
    expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
    // The database files themselves, which PGlite makes readable by everyone, sit in a private directory.
    expect((await stat(join(dataDir, 'pglite'))).mode & 0o777).toBe(0o700);
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);

    const db = createPool(embedded.url);
    cleanups.push(() => db.end());
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

    // Root may open anything, so the refusal is shown as the unprivileged user every Linux has.
    if (process.getuid?.() === 0) {
      const connect = `require('node:net').connect(${JSON.stringify(socketPath)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;
      const asNobody = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', connect], { encoding: 'utf8' });
      expect(asNobody.stdout.trim()).toBe('EACCES');
    }
  });

  it('takes over the lock a killed server left behind', async () => {
    const dataDir = await tempDataDir();
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolveExit) => gone.once('exit', resolveExit));
    await mkdir(join(dataDir, 'pglite'), { recursive: true });
    await writeFile(join(dataDir, 'pglite', 'workmate.lock'), String(gone.pid));

    const embedded = await start(dataDir);
    const db = createPool(embedded.url);
    cleanups.push(() => db.end());
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
