// Reads a consistent copy of the database — every table of the public schema, the applied migrations,
// the sequences — as the text of a backup file, a batch of rows at a time (never all rows in memory).
import type pg from 'pg';
import { BACKUP_APP, BACKUP_FORMAT, BACKUP_KIND, BackupEncoder, type BackupHeader } from './backup-format.ts';
import { quoteIdentifier } from './sql-identifier.ts';

/** A connection to read on, and how to give it back (a pool's connection, or a client of our own). */
export type Lease = { client: pg.ClientBase; release(error?: Error): void };
export type Connect = () => Promise<Lease>;

export const connectFromPool =
  (pool: pg.Pool): Connect =>
  async () => {
    const client = await pool.connect();
    return { client, release: (error) => client.release(error) };
  };

export const connectTo =
  (client: pg.ClientBase): Connect =>
  async () => ({ client, release: () => {} });

/*
 * Tables whose rows are only ever appended, with ids from a sequence, and never changed or deleted while a
 * server runs: the doc update log (persistence/pg-doc-store.ts) and the audit log (audit/audit-log.ts).
 * Only `npm run seed -- --reset` empties them, and it needs the server stopped. A dump shared with a
 * running embedded server reads them in slices (see below).
 */
const APPEND_ONLY_TABLES = ['doc_updates', 'audit_events'];
const MIN_ID = '-9223372036854775808';

export type DumpOptions = {
  /**
   * The embedded database while a server uses it. PGlite is one backend session: while a transaction is
   * open nobody else's statement runs, so the server's requests would wait for the whole backup. Then
   * only the small tables are read in the one snapshot transaction, and the append-only logs after it,
   * each slice in a short transaction of its own, up to the highest id the snapshot saw — the same rows
   * the snapshot holds, since PGlite has no other transaction in flight when it takes it, and those
   * rows never change. Requests run between the slices. Otherwise everything is read in the snapshot.
   */
  sharedWithServer: boolean;
  /** Rows per FETCH and per slice: small enough that requests waiting in between are not held up long. */
  batchRows?: number;
  /** Stops the dump between two batches (the server shutting down). */
  signal?: AbortSignal;
  now?: () => Date;
  /** Called with the header once it is read, before any row. */
  onHeader?: (header: BackupHeader) => void;
};

type Slice = { table: string; bound: string; rows: number };

/** The backup's text in pieces (a batch of lines each), for writeBackupFile. */
export async function* dumpDatabase(
  connect: Connect,
  { sharedWithServer, batchRows = 1000, signal, now = () => new Date(), onHeader }: DumpOptions,
): AsyncGenerator<string> {
  const encoder = new BackupEncoder();
  const lease = await connect();
  const { client } = lease;
  let inTransaction = false;
  let failure: Error | undefined;
  let slices: Slice[];
  try {
    // Unnamed statements only, all inside this transaction: the embedded database's other connections
    // share our session (see db/embedded.ts), and nothing here outlives the transaction.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    inTransaction = true;
    const snapshot = await readSnapshotHeader(client, sharedWithServer, now());
    slices = snapshot.slices;
    onHeader?.(snapshot.header);
    yield encoder.header(snapshot.header);
    for (const table of snapshot.readNow) {
      yield encoder.table(table);
      await client.query(`DECLARE workmate_backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM ${quoteIdentifier(table)} t`);
      for (;;) {
        signal?.throwIfAborted();
        const { rows } = await client.query<{ row: string }>(`FETCH ${batchRows} FROM workmate_backup_rows`);
        if (rows.length === 0) break;
        yield rows.map(({ row }) => encoder.row(row)).join('');
      }
      await client.query('CLOSE workmate_backup_rows');
    }
    await client.query('COMMIT');
    inTransaction = false;
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // Also when the reader stopped early (the disk is full): the transaction must not stay open.
    if (inTransaction) await client.query('ROLLBACK').catch((error: Error) => (failure ??= error));
    lease.release(failure);
  }

  for (const slice of slices) {
    yield encoder.table(slice.table);
    let after = MIN_ID;
    let read = 0;
    for (;;) {
      signal?.throwIfAborted();
      const rows = await readSlice(connect, slice, after, batchRows);
      if (rows.length === 0) break;
      read += rows.length;
      after = rows.at(-1)!.id;
      yield rows.map(({ row }) => encoder.row(row)).join('');
    }
    if (read !== slice.rows) {
      throw new Error(`Table ${slice.table} changed while it was backed up (${read} rows read, ${slice.rows} expected). Take the backup again.`);
    }
  }
  yield encoder.trailer();
}

async function readSnapshotHeader(client: pg.ClientBase, sharedWithServer: boolean, at: Date) {
  const { rows: ready } = await client.query<{ migrated: boolean }>("SELECT to_regclass('public.schema_migrations') IS NOT NULL AS migrated");
  if (!ready[0]!.migrated) {
    throw new Error('This database has no Workmate OS tables yet, so there is nothing to back up. Start the server once (it creates them), or point DATABASE_URL/DATA_DIR at the right database.');
  }
  const { rows: migrations } = await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
  const { rows: tables } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  const { rows: sequences } = await client.query<{ name: string; value: string | null }>(
    "SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename",
  );

  const readNow: string[] = [];
  const slices: Slice[] = [];
  const counts = new Map<string, number>();
  for (const { name } of tables) {
    if (sharedWithServer && APPEND_ONLY_TABLES.includes(name)) {
      const { rows } = await client.query<{ rows: number; bound: string }>(`SELECT count(*)::int AS rows, coalesce(max(id), 0)::text AS bound FROM ${quoteIdentifier(name)}`);
      slices.push({ table: name, ...rows[0]! });
      counts.set(name, rows[0]!.rows);
    } else {
      const { rows } = await client.query<{ rows: number }>(`SELECT count(*)::int AS rows FROM ${quoteIdentifier(name)}`);
      readNow.push(name);
      counts.set(name, rows[0]!.rows);
    }
  }
  // The header lists the tables in the order their rows follow: those read now, then the slices.
  const header: BackupHeader = {
    app: BACKUP_APP,
    kind: BACKUP_KIND,
    format: BACKUP_FORMAT,
    createdAt: at.toISOString(),
    schemaVersion: migrations.at(-1)?.version ?? 0,
    migrations: migrations.map((m) => m.name),
    tables: Object.fromEntries([...readNow, ...slices.map((s) => s.table)].map((name) => [name, counts.get(name)!])),
    sequences: Object.fromEntries(sequences.map((s) => [s.name, s.value])),
  };
  return { header, readNow, slices };
}

/** One slice of an append-only table, in a short transaction of its own (see DumpOptions.sharedWithServer). */
async function readSlice(connect: Connect, slice: Slice, after: string, batchRows: number): Promise<Array<{ id: string; row: string }>> {
  const { client, release } = await connect();
  try {
    await client.query('BEGIN READ ONLY');
    // The next `batchRows` ids from the first one after `after`: a range of the primary key, so each
    // slice costs the same however far into the table it is (PGlite never analyzes tables, and with
    // `ORDER BY id LIMIT n` the planner would sort the whole rest of the table for every slice).
    // `t.id` throughout: a bare `id` in ORDER BY would be the text column of the select list.
    const { rows } = await client.query<{ id: string; row: string }>(
      `WITH start AS (SELECT min(id) AS first FROM ${quoteIdentifier(slice.table)} WHERE id > $1)
       SELECT t.id::text AS id, row_to_json(t)::text AS row FROM ${quoteIdentifier(slice.table)} t, start
        WHERE t.id >= start.first AND t.id < start.first + $3 AND t.id <= $2
        ORDER BY t.id`,
      [after, slice.bound, batchRows],
    );
    await client.query('COMMIT');
    release();
    return rows;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    release(error as Error);
    throw error;
  }
}
