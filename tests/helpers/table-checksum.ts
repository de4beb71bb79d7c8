// A fingerprint of every table's rows, to show that requests wrote nothing. Columns that change on mere
// use (a session's last_seen_at, its sliding expiry) are left out.
import pg from 'pg';

const VOLATILE_COLUMNS: Record<string, string[]> = { sessions: ['last_seen_at', 'expires_at'] };

export async function tableChecksums(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    const sums: Record<string, string> = {};
    for (const { name } of tables) {
      const dropped = (VOLATILE_COLUMNS[name] ?? []).map((column) => ` - '${column}'`).join('');
      const { rows } = await client.query<{ count: number; sum: string }>(
        `SELECT count(*)::int AS count, md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS sum
           FROM (SELECT (to_jsonb(t)${dropped})::text AS r FROM "${name}" t) AS rows`,
      );
      sums[name] = `${rows[0]!.count}:${rows[0]!.sum}`;
    }
    return sums;
  } finally {
    await client.end();
  }
}
