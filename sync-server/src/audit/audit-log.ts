// The audit log: security events (sign-ins, failed sign-ins, account and role changes) from
// `audit_events`, and per doc who changed it when, from the append-only `doc_updates` log. Both are
// read together, newest first, filtered by user, doc and period.
import type pg from 'pg';
import { inTransaction } from '../db/pool.ts';
import type { AuditEventKind, AuditKind } from '@workmate/sync-protocol';

export type { AuditEventKind } from '@workmate/sync-protocol';

export type AuditEventInput = {
  kind: AuditEventKind;
  actorId?: string | null;
  subjectId?: string | null;
  ip?: string;
  details?: Record<string, unknown>;
};

export async function recordAudit(db: pg.Pool | pg.PoolClient, event: AuditEventInput): Promise<void> {
  await db.query('INSERT INTO audit_events (kind, actor_id, subject_id, ip, details) VALUES ($1, $2, $3, $4, $5)', [
    event.kind,
    event.actorId ?? null,
    event.subjectId ?? null,
    event.ip ?? '',
    JSON.stringify(event.details ?? {}),
  ]);
}

/** Rows of refused (throttled) sign-ins one address may add to the audit log per minute. */
export const THROTTLED_ROWS_PER_ADDRESS_MINUTE = 20;

/**
 * Records a sign-in refused by the throttle without letting a flood fill the audit log: one row per
 * address and email a minute, counting its attempts, and at most THROTTLED_ROWS_PER_ADDRESS_MINUTE rows
 * per address a minute. False when the attempt was over that bound and not recorded (log it instead).
 */
export async function recordThrottledSignIn(db: pg.Pool, ip: string, email: string): Promise<boolean> {
  // Refusals of one address come in bursts: one at a time, so that each sees the row the one before wrote.
  return inTransaction(db, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('audit:throttled:' || $1, 0))", [ip]);
    const { rowCount } = await client.query(
      `WITH recent AS (
         SELECT id, details->>'email' AS email FROM audit_events
          WHERE kind = 'sign_in_throttled' AND ip = $1 AND at > now() - interval '1 minute'
       ), counted AS (
         UPDATE audit_events e
            SET details = jsonb_set(e.details, '{attempts}', to_jsonb(COALESCE((e.details->>'attempts')::int, 1) + 1))
          WHERE e.id = (SELECT max(id) FROM recent WHERE email = $2)
         RETURNING e.id
       ), added AS (
         INSERT INTO audit_events (kind, ip, details)
         SELECT 'sign_in_throttled', $1, jsonb_build_object('email', $2::text, 'attempts', 1)
          WHERE NOT EXISTS (SELECT 1 FROM counted) AND (SELECT count(*) FROM recent) < $3
         RETURNING id
       )
       SELECT id FROM counted UNION ALL SELECT id FROM added`,
      [ip, email, THROTTLED_ROWS_PER_ADDRESS_MINUTE],
    );
    return (rowCount ?? 0) > 0;
  });
}

/** `before.at` is the exact (microsecond) time text an entry was returned with, so paging never skips. */
export type AuditFilter = { userId?: string; doc?: string; from?: Date; to?: Date; limit: number; before?: { at: string; id: string } };

export type AuditEntry = {
  /** Stable across pages: `e<id>` for events, `d<id>` for doc changes. */
  id: string;
  /** ISO 8601 in UTC with microseconds (Postgres' precision). */
  at: string;
  kind: AuditKind;
  user: { id: string; name: string; email: string } | null;
  subject: { id: string; name: string; email: string } | null;
  doc: string | null;
  ip: string;
  details: Record<string, unknown>;
};

type Row = {
  id: string;
  at: string;
  kind: string;
  user_id: string | null;
  user_name: string | null;
  user_email: string | null;
  subject_id: string | null;
  subject_name: string | null;
  subject_email: string | null;
  doc: string | null;
  ip: string;
  details: Record<string, unknown>;
};

/** Newest first. A doc filter shows only changes of that doc (and docs below it, e.g. `profile/`). */
export async function queryAudit(db: pg.Pool, filter: AuditFilter): Promise<AuditEntry[]> {
  const params: unknown[] = [filter.userId ?? null, filter.doc ?? null, filter.from ?? null, filter.to ?? null];
  const sql = `
      SELECT 'e' || e.id AS id, e.at, e.kind, e.actor_id AS user_id, e.subject_id, NULL::text AS doc, e.ip, e.details
        FROM audit_events e
       WHERE $2::text IS NULL
         AND ($1::uuid IS NULL OR e.actor_id = $1 OR e.subject_id = $1)
         AND ($3::timestamptz IS NULL OR e.at >= $3) AND ($4::timestamptz IS NULL OR e.at < $4)
      UNION ALL
      SELECT 'd' || d.id, d.created_at, 'doc_changed', d.user_id, NULL, d.doc, '', jsonb_build_object('bytes', octet_length(d.update))
        FROM doc_updates d
       WHERE ($1::uuid IS NULL OR d.user_id = $1)
         AND ($2::text IS NULL OR d.doc = $2 OR d.doc LIKE $2 || '/%')
         AND ($3::timestamptz IS NULL OR d.created_at >= $3) AND ($4::timestamptz IS NULL OR d.created_at < $4)`;
  params.push(filter.limit);
  let where = '';
  if (filter.before) {
    params.push(filter.before.at, filter.before.id);
    where = `WHERE (entries.at, entries.id) < ($6::timestamptz, $7)`;
  }
  const { rows } = await db.query<Row>(
    `SELECT entries.id, to_char(entries.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, entries.kind,
            entries.user_id, entries.subject_id, entries.doc, entries.ip, entries.details, u.name AS user_name, u.email AS user_email, s.name AS subject_name, s.email AS subject_email
       FROM (${sql}) entries
       LEFT JOIN users u ON u.id = entries.user_id
       LEFT JOIN users s ON s.id = entries.subject_id
       ${where}
      ORDER BY entries.at DESC, entries.id DESC
      LIMIT $5`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind as AuditKind,
    user: r.user_id ? { id: r.user_id, name: r.user_name ?? '', email: r.user_email ?? '' } : null,
    subject: r.subject_id ? { id: r.subject_id, name: r.subject_name ?? '', email: r.subject_email ?? '' } : null,
    doc: r.doc,
    ip: r.ip,
    details: r.details,
  }));
}
