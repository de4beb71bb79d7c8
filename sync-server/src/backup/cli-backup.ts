// `npm run backup [-- --to DIR]`: a consistent backup of the whole database into BACKUP_DIR (default
// DATA_DIR/backups) or DIR, also while the server runs. Prints the file written and its size.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ConfigError, readConfig, type Config } from '../config.ts';
import { runningEmbeddedDatabaseUrl, startEmbeddedPostgres } from '../db/embedded.ts';
import { singleConnectionUrl } from '../db/pool.ts';
import { writeBackupFile } from './backup-file.ts';
import type { BackupHeader } from './backup-format.ts';
import { describeDatabase, hasEmbeddedDatabase } from './database-target.ts';
import { connectTo, dumpDatabase } from './dump.ts';

type Source = { client: pg.Client; sharedWithServer: boolean; close(): Promise<void> };

/**
 * DATABASE_URL; else the embedded database through the socket of the server that holds it; else, with no
 * server running, the embedded database opened here (which keeps a server from starting meanwhile).
 */
async function openSource(config: Config): Promise<Source> {
  const running = config.databaseUrl ? null : await runningEmbeddedDatabaseUrl(config.dataDir);
  if (config.databaseUrl || running) {
    const client = new pg.Client({ connectionString: singleConnectionUrl(config.databaseUrl ?? running!) });
    await client.connect();
    return { client, sharedWithServer: running !== null, close: () => client.end() };
  }
  if (!hasEmbeddedDatabase(config.dataDir)) {
    throw new Error(`There is no database in ${resolve(config.dataDir)}. Start Workmate OS once (npm start), or set DATA_DIR (or DATABASE_URL) to the database to back up.`);
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
  const client = new pg.Client({ connectionString: singleConnectionUrl(embedded.url) });
  try {
    await client.connect();
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return {
    client,
    sharedWithServer: false,
    async close() {
      await client.end();
      await embedded.stop();
    },
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function main(): Promise<number> {
  let to: string | undefined;
  let config: Config;
  try {
    ({ to } = parseArgs({ options: { to: { type: 'string' } } }).values);
    config = readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    console.error(`${(error as Error).message}\nUsage: npm run backup [-- --to FOLDER]`);
    return 2;
  }
  const dir = resolve(to ?? config.backupDir);
  const started = Date.now();
  const source = await openSource(config);
  let header: BackupHeader | undefined;
  try {
    const dump = dumpDatabase(connectTo(source.client), { sharedWithServer: source.sharedWithServer, onHeader: (h) => (header = h) });
    const { file, bytes } = await writeBackupFile(dump, dir, new Date());
    const rows = Object.values(header!.tables).reduce((sum, n) => sum + n, 0);
    const tables = Object.keys(header!.tables).length;
    console.log(`Backed up ${describeDatabase(config)} (${rows} rows in ${tables} tables, ${Date.now() - started} ms).`);
    console.log(`Written: ${file} (${formatBytes(bytes)})`);
    return 0;
  } finally {
    await source.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`Backup failed: ${error.message}`);
    process.exitCode = 1;
  },
);
