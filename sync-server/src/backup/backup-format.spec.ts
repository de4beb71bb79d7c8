import { describe, expect, it } from 'vitest';
import { BackupDecoder, BackupEncoder, BackupFormatError, checkSchemaKnown, readHeader, type BackupHeader } from './backup-format.ts';

const header: BackupHeader = {
  app: 'workmate-os',
  kind: 'backup',
  format: 1,
  createdAt: '2026-12-07T13:30:05.000Z',
  schemaVersion: 2,
  migrations: ['001_init', '002_accounts_and_audit'],
  tables: { roles: 2, schema_migrations: 2, users: 0 },
  sequences: { doc_updates_id_seq: '41', audit_events_id_seq: null },
};

function backupLines(h: BackupHeader = header): string[] {
  const encoder = new BackupEncoder();
  const text = [
    encoder.header(h),
    encoder.table('roles'),
    encoder.row('{"key":"admin","name":"Admin","permissions":["*"]}'),
    encoder.row('{"key":"mitarbeiter","name":"Mitarbeiter","permissions":[]}'),
    encoder.table('schema_migrations'),
    encoder.row('{"version":1,"name":"001_init","applied_at":"2026-12-01T08:00:00+00:00"}'),
    encoder.row('{"version":2,"name":"002_accounts_and_audit","applied_at":"2026-12-01T08:00:00+00:00"}'),
    encoder.table('users'),
    encoder.trailer(),
  ].join('');
  return text.split('\n').slice(0, -1);
}

function decode(lines: string[]) {
  const decoder = new BackupDecoder();
  const entries = lines.map((line) => decoder.push(line));
  decoder.finish();
  return entries;
}

describe('a backup file', () => {
  it('reads back what was written: the header, each table with its rows, the end', () => {
    const entries = decode(backupLines());
    expect(entries[0]).toEqual({ type: 'header', header });
    expect(entries.filter((e) => e.type === 'table')).toEqual([
      { type: 'table', name: 'roles', rows: 2 },
      { type: 'table', name: 'schema_migrations', rows: 2 },
      { type: 'table', name: 'users', rows: 0 },
    ]);
    expect(entries.filter((e) => e.type === 'row').map((e) => e.type === 'row' && e.table)).toEqual(['roles', 'roles', 'schema_migrations', 'schema_migrations']);
    expect(entries.at(-1)).toEqual({ type: 'end', rows: 4 });
  });

  it('refuses a file that was cut off, saying how much of it is there', () => {
    const lines = backupLines();
    expect(() => decode(lines.slice(0, 3))).toThrow(/incomplete: it ends after 1 of its 4 rows/);
    expect(() => decode(lines.slice(0, -1))).toThrow(/incomplete: it ends after 4 of its 4 rows/);
  });

  it('refuses a file whose contents do not match its checksum', () => {
    const lines = backupLines();
    lines[2] = lines[2]!.replace('"Admin"', '"Chef"');
    expect(() => decode(lines)).toThrow(/checksum does not match/);
  });

  it('refuses rows that do not add up to the header', () => {
    const lines = backupLines();
    expect(() => decode([...lines.slice(0, 3), ...lines.slice(4)])).toThrow(/table roles has 1 rows, its header says 2/);
    expect(() => decode([lines[0]!, ...lines.slice(4)])).toThrow(/table schema_migrations is not the next one/);
  });

  it('refuses anything after the end', () => {
    const lines = backupLines();
    expect(() => decode([...lines, lines[2]!])).toThrow(/more after its end/);
  });
});

describe('readHeader', () => {
  it('refuses files of another app or kind, and files that are not JSON at all', () => {
    for (const line of ['PK\u0003\u0004', '{"app":"other-app","kind":"backup","format":1}', JSON.stringify({ ...header, kind: 'export' }), '[1,2]', 'null']) {
      expect(() => readHeader(line)).toThrow(/not a Workmate OS backup\. Choose a file written by `npm run backup`/);
    }
  });

  it('refuses a newer format and says to update first', () => {
    expect(() => readHeader(JSON.stringify({ ...header, format: 2, tables: 'changed' }))).toThrow(/newer Workmate OS \(backup format 2.*Update Workmate OS/);
  });

  it('refuses a header that lacks what a restore needs', () => {
    const { sequences: _, ...withoutSequences } = header;
    expect(() => readHeader(JSON.stringify(withoutSequences))).toThrow(BackupFormatError);
    expect(() => readHeader(JSON.stringify({ ...header, tables: { users: -1 } }))).toThrow(/damaged/);
  });
});

describe('checkSchemaKnown', () => {
  const known = ['001_init', '002_accounts_and_audit', '003_snapshot_format'];

  it('accepts a backup at this version or an older one', () => {
    expect(() => checkSchemaKnown(header, known)).not.toThrow();
    expect(() => checkSchemaKnown({ ...header, schemaVersion: 3, migrations: known }, known)).not.toThrow();
  });

  it('refuses a schema newer than this code knows and says to update', () => {
    expect(() => checkSchemaKnown({ ...header, schemaVersion: 4, migrations: [...known, '004_invoices'] }, known)).toThrow(
      /schema version 4, newer than this version of Workmate OS knows \(3\)\. Update Workmate OS/,
    );
  });

  it('refuses migrations this code has under another name', () => {
    expect(() => checkSchemaKnown({ ...header, migrations: ['001_init', '002_invoices'] }, known)).toThrow(
      /different build of Workmate OS: its migration 002_invoices is 002_accounts_and_audit here/,
    );
  });
});
