// Brings the database schema up to date: applies the numbered SQL files in db/migrations in order, each
// exactly once, also when several servers start at the same time.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction } from './pool.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Held while migrating so a second server waits instead of applying the same file again. "wm-migr" in ASCII. */
export const MIGRATION_LOCK_KEY = '33615564105148274';

const MIGRATION_FILE = /^(\d+)_([a-z0-9_-]+)\.sql$/i;

export type Migration = { version: number; name: string; path: string };

/** The migration files in `dir`, ordered by number. Refuses names it cannot order and duplicate numbers. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.sql')) continue;
    const match = MIGRATION_FILE.exec(file);
    if (!match) {
      throw new Error(`Migration file "${file}" in ${dir} is not named NNN_name.sql; rename it, e.g. to 002_add_invoices.sql.`);
    }
    migrations.push({ version: Number(match[1]), name: file.slice(0, -'.sql'.length), path: join(dir, file) });
  }
  migrations.sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(
        `Migrations ${migrations[i - 1]!.name} and ${migrations[i]!.name} share number ${migrations[i]!.version}; give the newer one the next free number.`,
      );
    }
  }
  return migrations;
}

/** Applies every migration not applied yet, each in its own transaction. Returns the names applied, in order. */
export async function migrate(pool: pg.Pool, { dir = MIGRATIONS_DIR }: { dir?: string } = {}): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A large migration may run longer than a request may, and waiting for another server's
    // migrations must not time out either. The setting ends with this session's use below.
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(client, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await client.query('RESET statement_timeout');
    }
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    // After a failure the session may still hold the lock or the setting; a fresh connection holds neither.
    client.release(broken);
  }
}

async function applyPending(client: pg.PoolClient, migrations: Migration[]): Promise<string[]> {
  await createMigrationsTable(client);
  const applied: string[] = [];
  for (const migration of migrations) {
    const sql = await readFile(migration.path, 'utf8');
    const ran = await inTransaction(client, async () => {
      // Checked inside the transaction, not once up front: on the embedded database every connection
      // is the same session, so the advisory lock does not keep a second migrate() out — but its
      // transactions still run one after another.
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rowCount) return false;
      try {
        await client.query(sql);
      } catch (error) {
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}. Fix ${migration.path} and start again; nothing of it was applied.`, {
          cause: error,
        });
      }
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/** The bookkeeping table of applied migrations (also made by a restore, whose rows come from the backup). */
export async function createMigrationsTable(client: pg.PoolClient): Promise<void> {
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
}
