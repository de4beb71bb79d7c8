// `npm run restore -- FILE [--yes]`, with the server stopped: replaces the whole database (the embedded
// one in DATA_DIR, or DATABASE_URL) with a backup written by `npm run backup` or the daily backups.
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { ConfigError, readConfig, type Config } from '../config.ts';
import { runningEmbeddedDatabaseUrl, startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded.ts';
import { readMigrations } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';
import { createLogger } from '../logger.ts';
import { BackupFormatError, type BackupHeader } from './backup-format.ts';
import { describeDatabase } from './database-target.ts';
import { checkBackupFile, currentRowCounts, otherWorkmateConnections, restoreBackup } from './restore.ts';

const USAGE = 'Usage: npm run restore -- FILE [--yes]';

class Refusal extends Error {}
class UsageError extends Error {}

/** The database to restore into, refused while a server uses it. */
async function openTarget(config: Config): Promise<{ pool: pg.Pool; close(): Promise<void> }> {
  const log = createLogger('error');
  if (config.databaseUrl) {
    const pool = createPool(config.databaseUrl, { log });
    const servers = await otherWorkmateConnections(pool).catch(async (error: Error) => {
      await pool.end();
      throw error;
    });
    if (servers > 0) {
      await pool.end();
      throw new Refusal(`A Workmate OS server is still connected to ${describeDatabase(config)} (${servers} connection(s)). Stop every server first, then run the restore again.`);
    }
    return { pool, close: () => pool.end() };
  }
  if (await runningEmbeddedDatabaseUrl(config.dataDir)) {
    throw new Refusal(`The Workmate OS server is running on ${describeDatabase(config)}. Stop the server first (Ctrl+C where npm start runs), then run the restore again.`);
  }
  let embedded: EmbeddedPostgres;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
  } catch (error) {
    // A server that started just now: its lock names it and says to stop it first.
    throw new Refusal((error as Error).message);
  }
  const pool = createPool(embedded.url, { log });
  return {
    pool,
    async close() {
      await pool.end();
      await embedded.stop();
    },
  };
}

function describePlan(file: string, header: BackupHeader, target: string, now: Record<string, number>): string {
  const tables = [...new Set([...Object.keys(header.tables), ...Object.keys(now)])].sort();
  const width = Math.max(5, ...tables.map((t) => t.length));
  const rows = tables.map((t) => `  ${t.padEnd(width)} ${String(header.tables[t] ?? '—').padStart(10)} ${String(now[t] ?? '—').padStart(10)}`);
  return [
    `Backup ${basename(file)}, taken ${localTime(header.createdAt)} (schema version ${header.schemaVersion}).`,
    `It replaces everything in ${target}:`,
    `  ${'table'.padEnd(width)} ${'backup'.padStart(10)} ${'now'.padStart(10)}`,
    ...rows,
  ].join('\n');
}

async function confirmed(yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    // npm keeps a --yes written before `--` for itself (as its own setting), so say where it goes.
    const swallowed = process.env.npm_config_yes === 'true' ? ' (npm took a --yes written without `--` for itself: npm run restore -- FILE --yes)' : '';
    throw new Refusal(`There is no terminal to confirm on. Run the restore with --yes to replace the database without asking${swallowed}.`);
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question('Replace it with the backup? Type "yes" to continue: ')).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

async function main(): Promise<number> {
  let file: string;
  let yes: boolean;
  let config: Config;
  try {
    const { values, positionals } = parseArgs({ options: { yes: { type: 'boolean', short: 'y' } }, allowPositionals: true });
    if (positionals.length !== 1) throw new UsageError('Name the one backup file to restore.');
    file = resolve(positionals[0]!);
    yes = values.yes ?? false;
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof UsageError) && !(error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!(await stat(file).then((s) => s.isFile(), () => false))) throw new Refusal(`There is no file ${file}. Name a backup file, e.g. one in ${resolve(config.backupDir)}.`);

  const migrations = await readMigrations();
  const header = await checkBackupFile(file, migrations);
  const target = describeDatabase(config);
  const database = await openTarget(config);
  try {
    console.log(describePlan(file, header, target, await currentRowCounts(database.pool)));
    if (!(await confirmed(yes))) {
      console.log('Nothing was changed.');
      return 1;
    }
    const result = await restoreBackup(database.pool, file, migrations);
    console.log(`Restored ${result.rows} rows in ${Object.keys(result.header.tables).length} tables into ${target}, as of ${localTime(result.header.createdAt)}.`);
    if (result.migrated.length > 0) console.log(`Then applied the newer migrations: ${result.migrated.join(', ')}.`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    const known = error instanceof BackupFormatError || error instanceof Refusal;
    console.error(known ? `Cannot restore: ${error.message}` : `Restore failed: ${error.message}`);
    process.exitCode = 1;
  },
);

/** `2026-12-08 14:30:05` in this machine's time zone — the same in every locale, like the backup's file name. */
function localTime(iso: string): string {
  // Swedish writes dates and times the ISO way.
  return new Date(iso).toLocaleString('sv-SE');
}
