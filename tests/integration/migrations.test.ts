// Migrations on a real Postgres: applied in order, each exactly once, also by servers starting together.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { MIGRATIONS_DIR, MIGRATION_LOCK_KEY, migrate, readMigrations } from '../../sync-server/src/db/migrate.ts';
import { createPool } from '../../sync-server/src/db/pool.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait-for.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function freshDatabase(): Promise<string> {
  const database = await createTestDatabase();
  cleanups.push(database.drop);
  return database.url;
}

function pool(url: string): pg.Pool {
  const p = createPool(url);
  cleanups.push(() => p.end());
  return p;
}

/** The real migrations plus `extra` files, in a directory of their own. */
async function migrationsDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wm-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  for (const [file, sql] of Object.entries(extra)) await writeFile(join(dir, file), sql);
  return dir;
}

const allMigrations = async (dir = MIGRATIONS_DIR) => (await readMigrations(dir)).map((m) => m.name);
const shippedVersions = async () => (await readMigrations(MIGRATIONS_DIR)).map((m) => m.version);

const recorded = async (db: pg.Pool) =>
  (await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;

describe('migrate', () => {
  it('applies every migration to an empty database, in order, and records each', async () => {
    const db = pool(await freshDatabase());
    const names = await allMigrations();
    expect(names[0]).toBe('001_init');

    expect(await migrate(db)).toEqual(names);
    expect((await recorded(db)).map((r) => r.name)).toEqual(names);
    const tables = await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['users', 'sessions', 'doc_updates', 'doc_snapshots']));
    const appliedAt = await db.query<{ applied_at: Date }>('SELECT applied_at FROM schema_migrations');
    expect(appliedAt.rows.every((r) => r.applied_at instanceof Date)).toBe(true);
  });

  it('applies nothing the second time', async () => {
    const db = pool(await freshDatabase());
    await migrate(db);
    expect(await migrate(db)).toEqual([]);
  });

  it('applies only the migrations added since the last run', async () => {
    const db = pool(await freshDatabase());
    await migrate(db);
    const dir = await migrationsDir({ '900_notes.sql': 'CREATE TABLE notes (id int PRIMARY KEY);' });
    expect(await migrate(db, { dir })).toEqual(['900_notes']);
    expect((await recorded(db)).map((r) => r.version)).toEqual([...(await shippedVersions()), 900]);
  });

  it('applies each migration exactly once when several servers start at the same time', async () => {
    const url = await freshDatabase();
    // Not idempotent on purpose: a second run of 900 would fail, a second run of 901 would add a row.
    const dir = await migrationsDir({
      '900_runs.sql': 'CREATE TABLE migration_runs (migration int NOT NULL);',
      '901_record_run.sql': 'INSERT INTO migration_runs VALUES (901);',
      '910_record_run_again.sql': 'INSERT INTO migration_runs VALUES (910);',
    });
    const servers = Array.from({ length: 4 }, () => pool(url));

    const results = await Promise.all(servers.map((db) => migrate(db, { dir })));

    expect(results.flat().sort()).toEqual(await allMigrations(dir));
    const db = servers[0]!;
    expect((await recorded(db)).map((r) => r.version)).toEqual([...(await shippedVersions()), 900, 901, 910]);
    expect((await db.query('SELECT migration FROM migration_runs ORDER BY migration')).rows).toEqual([{ migration: 901 }, { migration: 910 }]);
  });

  it('waits while another server holds the migration lock', async () => {
    const url = await freshDatabase();
    const db = pool(url);
    const otherServer = new pg.Client({ connectionString: url });
    await otherServer.connect();
    cleanups.push(() => otherServer.end());
    await otherServer.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);

    let finished = false;
    const migrating = migrate(db).finally(() => (finished = true));
    await waitFor(
      async () => (await db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rowCount === 1,
      { what: 'migrate to wait for the lock' },
    );
    expect(finished).toBe(false);
    expect((await db.query("SELECT to_regclass('schema_migrations') AS t")).rows[0].t).toBeNull();

    await otherServer.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    expect(await migrating).toEqual(await allMigrations());
  });

  it('rolls back a failing migration completely, keeps the ones before it, and names the file', async () => {
    const db = pool(await freshDatabase());
    const dir = await migrationsDir({
      '900_good.sql': 'CREATE TABLE good (id int);',
      '901_bad.sql': 'CREATE TABLE half_done (id int); SELECT no_such_function();',
    });

    await expect(migrate(db, { dir })).rejects.toThrow(/901_bad failed: .*no_such_function.*Fix .*901_bad\.sql/);
    expect((await recorded(db)).map((r) => r.name)).toEqual([...(await allMigrations()), '900_good']);
    expect((await db.query("SELECT to_regclass('half_done') AS t")).rows[0].t).toBeNull();
  });
});

describe('readMigrations', () => {
  it('orders by number, not by name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wm-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    for (const file of ['10_ten.sql', '9_nine.sql', '011_eleven.sql', 'README.md']) await writeFile(join(dir, file), '');
    expect((await readMigrations(dir)).map((m) => m.version)).toEqual([9, 10, 11]);
  });

  it('refuses a file it cannot order and two files with one number', async () => {
    await expect(readMigrations(await migrationsDir({ 'add_invoices.sql': '' }))).rejects.toThrow(/not named NNN_name\.sql/);
    await expect(readMigrations(await migrationsDir({ '001_again.sql': '' }))).rejects.toThrow(/share number 1/);
  });
});
