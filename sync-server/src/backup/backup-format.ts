// The backup file's contents: NDJSON (gzip'd by backup-file.ts) — a header that says what the file is,
// then every table's rows, then a trailer with the SHA-256 of all lines before it, so a cut-off or altered
// file is refused before anything is replaced. Pure: lines in, lines or errors out.
import { createHash, type Hash } from 'node:crypto';
import { z } from 'zod';

export const BACKUP_APP = 'workmate-os';
export const BACKUP_KIND = 'backup';
/** Raise it when a reader of the current format could no longer read what is written. */
export const BACKUP_FORMAT = 1;

/*
 * Line by line:
 *   {"app":"workmate-os","kind":"backup","format":1,...}   the header (BackupHeader)
 *   ["table","users"]                                       the rows of `users` follow
 *   {"id":"…","email":"…",...}                             one row, as row_to_json wrote it
 *   ["end",{"rows":1234,"sha256":"…"}]                      the trailer: rows in all, SHA-256 of every line before it
 * Rows are always JSON objects and markers always arrays, so neither can be taken for the other.
 */
const headerSchema = z.object({
  app: z.literal(BACKUP_APP),
  kind: z.literal(BACKUP_KIND),
  format: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  /** The highest migration applied to the database that was backed up. */
  schemaVersion: z.number().int().nonnegative(),
  /** The applied migrations (`001_init`, …), in order. */
  migrations: z.array(z.string().regex(/^\d+_/)),
  /** Every table of the public schema with its number of rows, in the order their rows follow. */
  tables: z.record(z.string().min(1), z.number().int().nonnegative()),
  /** Every sequence of the public schema: its last value as a decimal string, null if never used. */
  sequences: z.record(z.string().min(1), z.string().regex(/^-?\d+$/).nullable()),
});
export type BackupHeader = z.infer<typeof headerSchema>;

const trailerSchema = z.tuple([z.literal('end'), z.object({ rows: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })]);
const tableMarkerSchema = z.tuple([z.literal('table'), z.string().min(1)]);

/** A file that is not a backup of this app, or one this version cannot or must not restore. */
export class BackupFormatError extends Error {}

const NOT_A_BACKUP = 'This file is not a Workmate OS backup. Choose a file written by `npm run backup` (workmate-backup-….wmbackup).';
const damaged = (detail: string) => new BackupFormatError(`This backup is damaged (${detail}). Use another backup.`);

/** Writes a backup line by line, keeping the running checksum. Every method returns the line with its newline. */
export class BackupEncoder {
  private readonly hash: Hash = createHash('sha256');
  private rows = 0;

  header(header: BackupHeader): string {
    return this.hashed(JSON.stringify(header));
  }

  table(name: string): string {
    return this.hashed(JSON.stringify(['table', name]));
  }

  /** `json` is one row as a JSON object, as `row_to_json` returns it (never parsed, so written exactly). */
  row(json: string): string {
    this.rows++;
    return this.hashed(json);
  }

  trailer(): string {
    return JSON.stringify(['end', { rows: this.rows, sha256: this.hash.digest('hex') }]) + '\n';
  }

  private hashed(line: string): string {
    const withNewline = line + '\n';
    this.hash.update(withNewline);
    return withNewline;
  }
}

/** The header line's contents, checked: what app and kind, a format this version reads, the fields it needs. */
export function readHeader(line: string): BackupHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BackupFormatError(NOT_A_BACKUP);
  }
  const { app, kind, format } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (app !== BACKUP_APP || kind !== BACKUP_KIND) throw new BackupFormatError(NOT_A_BACKUP);
  if (typeof format === 'number' && format > BACKUP_FORMAT) {
    throw new BackupFormatError(
      `This backup was written by a newer Workmate OS (backup format ${format}; this version reads format ${BACKUP_FORMAT}). Update Workmate OS, then restore it.`,
    );
  }
  const checked = headerSchema.safeParse(parsed);
  if (!checked.success) throw damaged(`its header is incomplete: ${checked.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`);
  return checked.data;
}

/**
 * Refuses a backup whose database schema this code does not know: newer than its newest migration, or
 * with a migration under a name this code gives another one (a different build). `known` are the code's
 * migration names in order (`001_init`, …).
 */
export function checkSchemaKnown(header: BackupHeader, known: readonly string[]): void {
  const newest = known.length === 0 ? 0 : versionOf(known.at(-1)!);
  if (header.schemaVersion > newest) {
    throw new BackupFormatError(
      `This backup's database is at schema version ${header.schemaVersion}, newer than this version of Workmate OS knows (${newest}). ` +
        'Update Workmate OS, then restore it.',
    );
  }
  const knownNames = new Set(known);
  const stranger = header.migrations.find((name) => !knownNames.has(name));
  if (stranger) {
    const here = known.find((name) => versionOf(name) === versionOf(stranger));
    throw new BackupFormatError(
      `This backup was made by a different build of Workmate OS: its migration ${stranger} is ${here ? `${here} here` : 'unknown here'}. ` +
        'Restore it with the version of Workmate OS that wrote it.',
    );
  }
  if (header.migrations.length > 0 && versionOf(header.migrations.at(-1)!) !== header.schemaVersion) {
    throw damaged(`its schema version ${header.schemaVersion} is not its last migration ${header.migrations.at(-1)}`);
  }
}

const versionOf = (migration: string) => Number(/^(\d+)_/.exec(migration)?.[1] ?? NaN);

export type BackupEntry =
  | { type: 'header'; header: BackupHeader }
  | { type: 'table'; name: string; rows: number }
  | { type: 'row'; table: string; json: string }
  | { type: 'end'; rows: number };

/**
 * Reads a backup line by line and checks it as it goes: the header, the tables in the header's order
 * with the header's row counts, and at the trailer the checksum. `finish()` after the last line refuses
 * a file that ended before its trailer. A row is only checked to be a JSON object, not parsed.
 */
export class BackupDecoder {
  private readonly hash: Hash = createHash('sha256');
  private header: BackupHeader | undefined;
  private tables: Array<[string, number]> = [];
  private tableIndex = -1;
  private rowsInTable = 0;
  private rows = 0;
  private ended = false;

  push(line: string): BackupEntry {
    if (this.ended) throw damaged('there is more after its end');
    if (!this.header) {
      this.header = readHeader(line);
      this.tables = Object.entries(this.header.tables);
      this.hash.update(line + '\n');
      return { type: 'header', header: this.header };
    }
    if (line.startsWith('{')) {
      if (this.tableIndex < 0) throw damaged('a row comes before its table');
      this.rowsInTable++;
      this.rows++;
      this.hash.update(line + '\n');
      return { type: 'row', table: this.tables[this.tableIndex]![0], json: line };
    }
    const marker = parseMarker(line);
    if (marker[0] === 'table') {
      this.closeTable();
      const expected = this.tables[++this.tableIndex];
      if (!expected || expected[0] !== marker[1]) throw damaged(`table ${marker[1]} is not the next one its header lists`);
      this.hash.update(line + '\n');
      return { type: 'table', name: marker[1], rows: expected[1] };
    }
    this.closeTable();
    if (this.tableIndex !== this.tables.length - 1) throw damaged(`it ends after ${this.tableIndex + 1} of its ${this.tables.length} tables`);
    const { rows, sha256 } = marker[1];
    if (rows !== this.rows || sha256 !== this.hash.digest('hex')) {
      throw new BackupFormatError('This backup is damaged: its checksum does not match its contents. Use another backup.');
    }
    this.ended = true;
    return { type: 'end', rows };
  }

  /** Call after the last line: refuses a file that was cut off before its trailer. */
  finish(): void {
    if (!this.header) throw new BackupFormatError(NOT_A_BACKUP);
    if (this.ended) return;
    const total = this.tables.reduce((sum, [, rows]) => sum + rows, 0);
    throw new BackupFormatError(
      `This backup is incomplete: it ends after ${this.rows} of its ${total} rows (the file was cut off while it was written or copied). Use another backup.`,
    );
  }

  private closeTable(): void {
    if (this.tableIndex < 0) return;
    const [name, expected] = this.tables[this.tableIndex]!;
    if (this.rowsInTable !== expected) throw damaged(`table ${name} has ${this.rowsInTable} rows, its header says ${expected}`);
    this.rowsInTable = 0;
  }
}

function parseMarker(line: string): z.infer<typeof tableMarkerSchema> | z.infer<typeof trailerSchema> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw damaged('a line is not JSON');
  }
  const marker = tableMarkerSchema.safeParse(parsed);
  if (marker.success) return marker.data;
  const trailer = trailerSchema.safeParse(parsed);
  if (trailer.success) return trailer.data;
  throw damaged('a line is neither a row, a table nor the end');
}
