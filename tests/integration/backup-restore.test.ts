// Backups: `npm run backup` while the server runs, `npm run restore` with it stopped (exactly the state
// at the backup comes back), files that are no backup or are cut off refused, and the daily backups of a
// server on the embedded database — on the embedded database and on a Postgres server (DATABASE_URL).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgDoc } from '@workmate/sync-protocol';
import { backupFileName, backupTimeOf } from '../../sync-server/src/backup/backup-rotation.ts';
import { checkBackupFile } from '../../sync-server/src/backup/restore.ts';
import { runningEmbeddedDatabaseUrl, startEmbeddedPostgres } from '../../sync-server/src/db/embedded.ts';
import { readMigrations } from '../../sync-server/src/db/migrate.ts';
import { singleConnectionUrl } from '../../sync-server/src/db/pool.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';
import { openAckedSyncSocket, type AckedSyncSocket } from '../helpers/acked-sync-socket.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { restClient, type RoleRow } from '../helpers/rest-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { tableChecksums } from '../helpers/table-checksum.ts';
import { waitFor } from '../helpers/wait-for.ts';

const root = resolve(import.meta.dirname, '../..');
const ADMIN = 'admin@muster-gmbh.de';

/** Runs `npm run backup`/`npm run restore` as its own process, without a terminal. */
function runCli(command: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `sync-server/src/backup/cli-${command}.ts`, ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}

async function backUp(env: Record<string, string>, to: string): Promise<string> {
  const result = await runCli('backup', ['--to', to], env);
  expect(result.output).toMatch(/Written: .*\.wmbackup \(\d+\.\d (KB|MB)\)/);
  expect(result.code).toBe(0);
  return /Written: (\S+\.wmbackup)/.exec(result.output)![1]!;
}

const mustermannOf = (socket: AckedSyncSocket) => orgDoc.listEmployees(socket.doc).find((e) => e.lastName === 'Mustermann')!.id;
const notesOf = (socket: AckedSyncSocket) => orgDoc.employeeNotes(orgDoc.employeesOf(socket.doc).get(mustermannOf(socket))!).toString();

/** Types a line into Max Mustermann's notes and waits until the server has stored it. */
async function typeNote(socket: AckedSyncSocket, line: string): Promise<void> {
  socket.doc.transact(() => {
    const notes = orgDoc.employeeNotes(orgDoc.employeesOf(socket.doc).get(mustermannOf(socket))!);
    notes.insert(notes.length, `${line}\n`);
  });
  await waitFor(() => socket.ownEditsAcked(), { what: 'the note to be stored' });
}

async function createRole(server: ServerProcess, cookie: string, name: string): Promise<void> {
  const created = await restClient(server.url)('POST', '/api/admin/roles', { cookie, body: { name, description: 'Aus dem Backup-Test', permissions: ['org.read'] } });
  expect(created.status).toBe(201);
}

async function roleNames(server: ServerProcess, cookie: string): Promise<string[]> {
  const { body } = await restClient(server.url)<{ roles: RoleRow[] }>('GET', '/api/admin/roles', { cookie });
  return body.roles.map((role) => role.name);
}

async function sequences(databaseUrl: string): Promise<Record<string, string | null>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; value: string | null }>(
      "SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  } finally {
    await client.end();
  }
}

/** The state right before a backup: every table's checksum, the sequences, the notes the users see. */
type State = { tables: Record<string, string>; sequences: Record<string, string | null>; notes: string };

/**
 * Edits through the REST API and the sync socket, a backup while the server runs, then more edits.
 * Answers the backup file and the state it must restore.
 */
async function editBackUpAndEditMore(server: ServerProcess, env: Record<string, string>, backupDir: string, databaseUrl: () => Promise<string>) {
  const cookie = await signIn(server.url, ADMIN, DEMO_PASSWORD);
  const org = await openAckedSyncSocket(server.url, 'org', cookie);
  try {
    await createRole(server, cookie, 'Lager');
    await typeNote(org, 'Vor dem Backup: Staplerschein verlängert');

    const before: State = { tables: await tableChecksums(await databaseUrl()), sequences: await sequences(await databaseUrl()), notes: notesOf(org) };
    const file = await backUp(env, backupDir);
    // Nothing was written meanwhile, so the backup holds exactly this state.
    expect(await tableChecksums(await databaseUrl())).toEqual(before.tables);

    await createRole(server, cookie, 'Einkauf');
    await typeNote(org, 'Nach dem Backup: Urlaub im März');
    await signIn(server.url, 'chefin@muster-gmbh.de', DEMO_PASSWORD);
    expect(await tableChecksums(await databaseUrl())).not.toEqual(before.tables);
    return { file, before };
  } finally {
    org.close();
  }
}

/** After a restore: the users see the notes and roles as they were at the backup. */
async function expectStateAtBackup(server: ServerProcess, before: State): Promise<void> {
  const cookie = await signIn(server.url, ADMIN, DEMO_PASSWORD);
  const org = await openAckedSyncSocket(server.url, 'org', cookie);
  try {
    expect(notesOf(org)).toBe(before.notes);
    expect(notesOf(org)).toContain('Vor dem Backup');
    expect(notesOf(org)).not.toContain('Nach dem Backup');
    // New edits get ids after the restored ones.
    await typeNote(org, 'Nach der Wiederherstellung');
  } finally {
    org.close();
  }
  const roles = await roleNames(server, cookie);
  expect(roles).toContain('Lager');
  expect(roles).not.toContain('Einkauf');
}

// Each command starts its own process and opens the database: minutes on a busy machine.
const SLOW = { timeout: 240_000 };

describe('backups of the embedded database', SLOW, () => {
  let dataDir: string;
  let backupDir: string;
  let env: Record<string, string>;
  let server: ServerProcess;
  let backup: { file: string; before: State };
  const socketUrl = async () => singleConnectionUrl((await runningEmbeddedDatabaseUrl(dataDir))!);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wm-backup-'));
    backupDir = join(dataDir, 'usb-stick');
    env = { DATA_DIR: dataDir, DATABASE_URL: '', SEED_DEMO: 'true', BACKUP_KEEP: '0' };
    server = await startServerProcess(env);
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes a backup while the server runs, through its socket, without disturbing it', async () => {
    backup = await editBackUpAndEditMore(server, env, backupDir, socketUrl);
    expect(backup.file.startsWith(`${backupDir}/workmate-backup-`)).toBe(true);
    expect(backupTimeOf(backup.file.slice(backupDir.length + 1))).not.toBeNull();
    const header = await checkBackupFile(backup.file, await readMigrations());
    expect(header).toMatchObject({ app: 'workmate-os', kind: 'backup', format: 1 });
    expect(header.tables).toMatchObject({ users: 6, roles: 7, doc_updates: expect.any(Number), schema_migrations: header.migrations.length });
  });

  it('refuses to restore while the server runs, and says to stop it first', async () => {
    const result = await runCli('restore', [backup.file, '--yes'], env);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Stop the server first');
  });

  it('refuses a file that is not a backup, a cut-off backup and a damaged one, saying what to do', async () => {
    const notABackup = join(dataDir, 'notes.txt');
    await writeFile(notABackup, 'Einkaufsliste: Toner, Kaffee\n');
    const cutOff = join(dataDir, 'cut-off.wmbackup');
    const bytes = await readFile(backup.file);
    await writeFile(cutOff, bytes);
    await truncate(cutOff, Math.floor(bytes.length * 0.6));
    const damaged = join(dataDir, 'damaged.wmbackup');
    await writeFile(damaged, gzipSync(gunzipSync(bytes).toString().replace('"Lager"', '"Lagerhalle"')));

    const expectations: Array<[string, RegExp]> = [
      [notABackup, /not a Workmate OS backup.*Choose a file written by `npm run backup`/],
      [cutOff, /incomplete.*Use another backup/],
      [damaged, /checksum does not match its contents\. Use another backup/],
    ];
    await server.stop();
    for (const [file, message] of expectations) {
      const result = await runCli('restore', [file, '--yes'], env);
      expect(result.output).toMatch(message);
      expect(result.code).toBe(1);
    }
    const result = await runCli('restore', [backup.file], env);
    expect(result.output).toContain('no terminal to confirm on. Run the restore with --yes');
    expect(result.code).toBe(1);
  });

  it('restores exactly the state at the backup, with the server stopped', async () => {
    const result = await runCli('restore', [backup.file, '--yes'], env);
    expect(result.output).toMatch(/It replaces everything in the embedded database in /);
    expect(result.output).toMatch(/Restored \d+ rows in \d+ tables/);
    expect(result.code).toBe(0);

    const embedded = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await tableChecksums(singleConnectionUrl(embedded.url))).toEqual(backup.before.tables);
      expect(await sequences(singleConnectionUrl(embedded.url))).toEqual(backup.before.sequences);
    } finally {
      await embedded.stop();
    }
    await server.restart();
    await expectStateAtBackup(server, backup.before);
  });

  it('restores the same backup into a Postgres server (moving from npm start to DATABASE_URL)', async () => {
    const target = await createTestDatabase();
    try {
      const result = await runCli('restore', [backup.file, '--yes'], { DATABASE_URL: target.url });
      expect(result.output).toMatch(/Restored \d+ rows/);
      expect(result.code).toBe(0);
      // The embedded database answers in UTC; so must this one for the checksums to compare.
      const inUtc = `${target.url}?options=${encodeURIComponent('-c TimeZone=UTC')}`;
      expect(await tableChecksums(inUtc)).toEqual(backup.before.tables);
      expect(await sequences(target.url)).toEqual(backup.before.sequences);
    } finally {
      await target.drop();
    }
  });

  it('backs up daily by itself into DATA_DIR/backups and keeps the newest BACKUP_KEEP', async () => {
    await server.stop();
    const daily = join(dataDir, 'backups');
    await mkdir(daily, { recursive: true });
    const day = 24 * 60 * 60 * 1000;
    const old = [3, 2, 1].map((days) => backupFileName(new Date(Date.now() - days * day)));
    for (const name of old) await writeFile(join(daily, name), 'an older backup');
    await writeFile(join(daily, 'README.txt'), 'not a backup, never deleted');

    server = await startServerProcess({ ...env, BACKUP_KEEP: '2', BACKUP_FIRST_DELAY_MS: '0' });
    const kept = await waitFor(
      async () => {
        const names = (await readdir(daily)).sort();
        return names.length === 3 && !names.includes(old[1]!) ? names : null;
      },
      { timeoutMs: 30_000, what: 'a daily backup and the oldest ones deleted' },
    );
    const fresh = kept.find((name) => name !== old[2] && name !== 'README.txt')!;
    expect(kept).toEqual([old[2], 'README.txt', fresh].sort());
    expect(backupTimeOf(fresh)!.toDateString()).toBe(new Date().toDateString());
    await expect(checkBackupFile(join(daily, fresh), await readMigrations())).resolves.toMatchObject({ tables: { users: 6 } });
  });
});

describe('backups of a Postgres database (DATABASE_URL)', SLOW, () => {
  let database: TestDatabase;
  let emptyDatabase: TestDatabase;
  let backupDir: string;
  let env: Record<string, string>;
  let server: ServerProcess;
  let backup: { file: string; before: State };

  beforeAll(async () => {
    database = await createTestDatabase();
    emptyDatabase = await createTestDatabase();
    backupDir = await mkdtemp(join(tmpdir(), 'wm-backup-pg-'));
    env = { DATABASE_URL: database.url, SEED_DEMO: 'true' };
    server = await startServerProcess(env);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    await emptyDatabase?.drop();
    await rm(backupDir, { recursive: true, force: true });
  });

  it('takes a backup while the server runs', async () => {
    backup = await editBackUpAndEditMore(server, env, backupDir, async () => database.url);
  });

  it('refuses to restore while a server is connected', async () => {
    const result = await runCli('restore', [backup.file, '--yes'], env);
    expect(result.output).toMatch(/still connected .*Stop every server first/);
    expect(result.code).toBe(1);
  });

  it('restores exactly the state at the backup', async () => {
    await server.stop();
    // A stopped server's backends may take a moment to go away.
    await waitFor(async () => (await workmateConnections(database.url)) === 0, { what: "the server's connections to close" });
    const result = await runCli('restore', [backup.file, '--yes'], env);
    expect(result.output).toMatch(/Restored \d+ rows/);
    expect(result.code).toBe(0);
    expect(await tableChecksums(database.url)).toEqual(backup.before.tables);
    expect(await sequences(database.url)).toEqual(backup.before.sequences);

    await server.restart();
    await expectStateAtBackup(server, backup.before);
  });

  it('restores into a new, empty database, creating the schema first', async () => {
    const result = await runCli('restore', [backup.file, '--yes'], { DATABASE_URL: emptyDatabase.url });
    expect(result.output).toMatch(/schema_migrations\s+\d+\s+—/);
    expect(result.code).toBe(0);
    expect(await tableChecksums(emptyDatabase.url)).toEqual(backup.before.tables);
    expect(await sequences(emptyDatabase.url)).toEqual(backup.before.sequences);
  });
});

async function workmateConnections(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'workmate-%'",
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}
