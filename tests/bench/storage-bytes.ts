// Bytes our server writes to Postgres per 1,000 edits: one client types into a doc at a typing rate,
// the server flushes at its default FLUSH_INTERVAL_MS; doc_updates + doc_snapshots are measured before
// and after, as stored bytes (sum of octet_length) and as disk (pg_total_relation_size: rows, TOAST,
// indexes).
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { connectClient, whenSynced } from './sync-clients.ts';
import type { Target } from './targets.ts';

export type StorageBytesResult = {
  edits: number;
  rateHz: number;
  rowsWritten: number;
  storedBytesPer1000: number;
  diskBytesPer1000: number;
};

type Sizes = { stored: number; disk: number; rows: number };

async function sizes(db: pg.Client, doc: string): Promise<Sizes> {
  const { rows } = await db.query<{ stored: string; disk: string; rows: string }>(
    `SELECT (SELECT coalesce(sum(octet_length(update)), 0) FROM doc_updates WHERE doc = $1)
          + (SELECT coalesce(sum(octet_length(state)), 0) FROM doc_snapshots WHERE doc = $1) AS stored,
            pg_total_relation_size('doc_updates') + pg_total_relation_size('doc_snapshots') AS disk,
            (SELECT count(*) FROM doc_updates WHERE doc = $1) AS rows`,
    [doc],
  );
  return { stored: Number(rows[0]!.stored), disk: Number(rows[0]!.disk), rows: Number(rows[0]!.rows) };
}

export async function measureStorageBytes(target: Target, edits: number, rateHz: number, doc = 'org'): Promise<StorageBytesResult> {
  const db = new pg.Client({ connectionString: target.databaseUrl! });
  await db.connect();
  const client = connectClient(target, doc);
  try {
    await whenSynced([client], Date.now() + 30_000, doc);
    const before = await sizes(db, doc);
    const text = client.doc.getText('bench-notes');
    const start = performance.now();
    for (let i = 0; i < edits; i++) {
      const wait = start + (i * 1000) / rateHz - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      text.insert(text.length, 'Sehr geehrte Damen und Herren, '[i % 31]!);
    }
    // Wait until the last flush (default 200 ms after the last edit) reached the log.
    let after = await sizes(db, doc);
    for (let stable = 0; stable < 3; ) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await sizes(db, doc);
      stable = now.rows === after.rows ? stable + 1 : 0;
      after = now;
    }
    const per1000 = (bytes: number) => Math.round((bytes * 1000) / edits);
    return {
      edits,
      rateHz,
      rowsWritten: after.rows - before.rows,
      storedBytesPer1000: per1000(after.stored - before.stored),
      diskBytesPer1000: per1000(after.disk - before.disk),
    };
  } finally {
    client.destroy();
    await db.end();
  }
}

