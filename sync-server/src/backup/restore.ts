// Replaces everything in the database with a backup's contents, in one transaction: either the whole
// backup is in place or nothing changed. Then brings the schema up to this code's migrations.
import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { createMigrationsTable, migrate, type Migration } from '../db/migrate.ts';
import { inTransaction } from '../db/pool.ts';
import { BackupDecoder, checkSchemaKnown, type BackupHeader } from './backup-format.ts';
import { readBackupLines } from './backup-file.ts';
import { quoteIdentifier } from './sql-identifier.ts';

/** Rows per INSERT, and at most this much row text per INSERT (a table of large snapshots). */
const INSERT_ROWS = 1000;
const INSERT_BYTES = 8 * 1024 * 1024;

/**
 * Reads the whole file and checks it — a backup of this app, a format and schema this code knows,
 * complete, checksum right — before anything is touched. Throws BackupFormatError saying what is wrong.
 */
export async function checkBackupFile(file: string, migrations: readonly Migration[]): Promise<BackupHeader> {
  const decoder = new BackupDecoder();
  let header: BackupHeader | undefined;
  for await (const line of readBackupLines(file)) {
    const entry = decoder.push(line);
    if (entry.type === 'header') {
      header = entry.header;
      checkSchemaKnown(header, migrations.map((m) => m.name));
    }
  }
  decoder.finish();
  return header!;
}

/** Rows per table of the public schema now ({} for a new, empty database). */
export async function currentRowCounts(db: pg.Pool): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await publicTables(db)) {
    const { rows } = await db.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM ${quoteIdentifier(name)}`);
    counts[name] = rows[0]!.rows;
  }
  return counts;
}

/**
 * How many connections of Workmate OS servers (or their tools) other than this one the database has.
 * Restoring under a running server would mix its writes and its memory of docs with the backup's.
 */
export async function otherWorkmateConnections(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'workmate-%'`,
  );
  return rows[0]!.n;
}

export type RestoreResult = { header: BackupHeader; rows: number; migrated: string[] };

/** Call with the server stopped, after checkBackupFile. */
export async function restoreBackup(pool: pg.Pool, file: string, migrations: readonly Migration[]): Promise<RestoreResult> {
  const { header, rows } = await inTransaction(pool, async (client) => {
    await client.query('SET LOCAL statement_timeout = 0');
    const decoder = new BackupDecoder();
    let header: BackupHeader | undefined;
    let table = '';
    let batch: string[] = [];
    let batchBytes = 0;
    const insertBatch = async () => {
      if (batch.length === 0) return;
      // json_populate_recordset turns every value back into its column's type exactly as row_to_json wrote it.
      const name = quoteIdentifier(table);
      await client.query(`INSERT INTO ${name} SELECT * FROM json_populate_recordset(null::${name}, $1)`, [`[${batch.join(',')}]`]);
      batch = [];
      batchBytes = 0;
    };
    let rows = 0;
    // The file is read again here: what is inserted is what the checksum covers, even if the file changed.
    for await (const line of readBackupLines(file)) {
      const entry = decoder.push(line);
      if (entry.type === 'header') {
        header = entry.header;
        checkSchemaKnown(header, migrations.map((m) => m.name));
        await prepareSchema(client, header, migrations);
      } else if (entry.type === 'table') {
        await insertBatch();
        table = entry.name;
      } else if (entry.type === 'row') {
        batch.push(entry.json);
        batchBytes += entry.json.length;
        if (batch.length >= INSERT_ROWS || batchBytes >= INSERT_BYTES) await insertBatch();
      } else {
        await insertBatch();
        rows = entry.rows;
      }
    }
    decoder.finish();
    await setSequences(client, header!.sequences);
    return { header: header!, rows };
  });
  // Migrations newer than the backup, each in its own transaction as at a server's start.
  const migrated = await migrate(pool);
  return { header, rows, migrated };
}

/**
 * Leaves the database at the backup's schema version with every table empty and foreign-key triggers
 * off until commit: a new database gets the migrations up to that version, one at an older version the
 * missing ones, one at a newer version (a restore after an upgrade) is rebuilt from the first migration.
 */
async function prepareSchema(client: pg.PoolClient, header: BackupHeader, migrations: readonly Migration[]): Promise<void> {
  let current = await schemaVersion(client);
  if (current > header.schemaVersion) {
    const tables = await publicTables(client);
    await client.query(`DROP TABLE ${tables.map(quoteIdentifier).join(', ')} CASCADE`);
    current = 0;
  }
  if (current < header.schemaVersion) {
    await createMigrationsTable(client);
    for (const migration of migrations) {
      if (migration.version <= current || migration.version > header.schemaVersion) continue;
      try {
        await client.query(await readFile(migration.path, 'utf8'));
      } catch (error) {
        throw new Error(`Migration ${migration.name} failed while preparing the database for the backup: ${(error as Error).message}. Nothing was changed.`, { cause: error });
      }
    }
  }

  const tables = await publicTables(client);
  const missing = Object.keys(header.tables).filter((name) => !tables.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `The backup has the table(s) ${missing.join(', ')}, which the migrations up to version ${header.schemaVersion} do not create. ` +
        'Restore it with the version of Workmate OS that wrote it. Nothing was changed.',
    );
  }
  if (tables.length > 0) await client.query(`TRUNCATE ${tables.map(quoteIdentifier).join(', ')} RESTART IDENTITY CASCADE`);
  try {
    // Rows go in table by table; a session's user may come after the session. Checks resume at commit.
    await client.query('SET LOCAL session_replication_role = replica');
  } catch (error) {
    throw new Error(
      `Restoring needs a database superuser, to load rows without foreign-key checks (${(error as Error).message}). ` +
        'Set DATABASE_URL to a superuser of that database (e.g. the postgres user) for the restore. Nothing was changed.',
      { cause: error },
    );
  }
}

async function schemaVersion(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ migrated: boolean }>("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS migrated");
  if (!rows[0]!.migrated) return 0;
  const { rows: version } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations');
  return version[0]!.version;
}

async function setSequences(client: pg.PoolClient, sequences: BackupHeader['sequences']): Promise<void> {
  for (const [name, value] of Object.entries(sequences)) {
    // A sequence never used (null) starts again at its start value, as it would in a new database.
    const { rowCount } = await client.query(
      `SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, coalesce($2::bigint, start_value), $2::bigint IS NOT NULL)
         FROM pg_sequences WHERE schemaname = 'public' AND sequencename = $1`,
      [name, value],
    );
    if (rowCount !== 1) throw new Error(`The backup has the sequence ${name}, which the database lacks. Restore it with the version of Workmate OS that wrote it.`);
  }
}

async function publicTables(db: pg.Pool | pg.PoolClient): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.map((row) => row.name);
}
