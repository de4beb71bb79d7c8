// Limits failed sign-ins per account and per IP address, in Postgres so that every server instance sees
// the same counts. Keyed by the submitted email whether or not such an account exists, so a 429 tells an
// attacker nothing about which emails are real.
//
// An attempt is reserved before its password is verified: holding an advisory lock on each of its keys,
// it counts the keys' recent rows and inserts its own, pending, only while every key is under its limit.
// A wrong password turns them into failures, a right one deletes them. So a burst of concurrent guesses,
// on one instance or several, gets at most the limit through to the password check.
import { createHash, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../db/pool.ts';

export type ThrottlePolicy = { accountLimit: number; ipLimit: number; windowMs: number };

export const defaultThrottlePolicy: ThrottlePolicy = { accountLimit: 5, ipLimit: 30, windowMs: 15 * 60 * 1000 };

/** A reserved attempt: it counts against the limits until `succeeded` releases it. */
export type LoginAttempt = { readonly id: string; readonly accountKey: string };

export type Reservation = { granted: true; attempt: LoginAttempt } | { granted: false; retryAfterSeconds: number };

// A key full only because attempts are still being checked (say, an office signing in behind one
// address) is decided within a moment: each is released (right password) or becomes a failure.
const IN_FLIGHT_RETRY_SECONDS = 1;

// No attempt takes this long (each statement times out after 30 s); one still pending was abandoned —
// its server stopped mid-check — and counts as a failure.
const ABANDONED_AFTER_MS = 60_000;

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

/**
 * The advisory lock ids of `keys`, ascending and without repeats. Every attempt takes its locks in this
 * order, so two attempts sharing keys never wait for each other in a cycle.
 */
function lockIdsOf(keys: string[]): string[] {
  const ids = keys.map((key) => createHash('sha256').update(`login-throttle:${key}`).digest().readBigInt64BE(0));
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}

/** How long `seconds` is, for the 429 message: "20 second(s)", or whole minutes from one minute on. */
export const waitText = (seconds: number): string => (seconds < 60 ? `${seconds} second(s)` : `${Math.ceil(seconds / 60)} minute(s)`);

export class LoginThrottle {
  constructor(
    private readonly db: pg.Pool,
    private readonly policy: ThrottlePolicy = defaultThrottlePolicy,
  ) {}

  /** Reserves one attempt for `email` from `ip`, or says how many seconds to wait before the next. */
  async reserve(email: string, ip: string): Promise<Reservation> {
    const keys = [accountKey(email), ipKey(ip)];
    const limitOf = (key: string) => (key.startsWith('account:') ? this.policy.accountLimit : this.policy.ipLimit);
    return inTransaction(this.db, async (client) => {
      // Each statement below must see what the previous holder of the locks committed: read committed
      // takes a new snapshot per statement, whatever the database's default isolation is.
      await client.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      for (const id of lockIdsOf(keys)) await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [id]);
      const { rows } = await client.query<{ key: string; attempts: number; failures: number; oldest_failure_expires_in: number | null }>(
        `SELECT key, count(*)::int AS attempts, count(*) FILTER (WHERE failed)::int AS failures,
                ceil(extract(epoch FROM min(failed_at) FILTER (WHERE failed) + $2 * interval '1 millisecond' - now()))::int AS oldest_failure_expires_in
           FROM (SELECT key, failed_at, NOT pending OR failed_at < now() - $3 * interval '1 millisecond' AS failed
                   FROM login_failures
                  WHERE key = ANY($1::text[]) AND failed_at > now() - $2 * interval '1 millisecond') recent
          GROUP BY key`,
        [keys, this.policy.windowMs, ABANDONED_AFTER_MS],
      );
      const full = rows.filter((row) => row.attempts >= limitOf(row.key));
      if (full.length > 0) {
        const waits = full.map((row) => (row.failures >= limitOf(row.key) ? (row.oldest_failure_expires_in ?? 1) : IN_FLIGHT_RETRY_SECONDS));
        return { granted: false, retryAfterSeconds: Math.max(1, ...waits) };
      }
      const attempt = { id: randomUUID(), accountKey: keys[0]! };
      await client.query('INSERT INTO login_failures (key, attempt_id, pending) SELECT unnest($1::text[]), $2, true', [keys, attempt.id]);
      return { granted: true, attempt };
    });
  }

  /** The password was wrong: the reservation stays, as a failure. Drops failures older than the window. */
  async failed(attempt: LoginAttempt): Promise<void> {
    await this.db.query(
      `WITH expired AS (DELETE FROM login_failures WHERE failed_at < now() - $2 * interval '1 millisecond')
       UPDATE login_failures SET pending = false WHERE attempt_id = $1`,
      [attempt.id, this.policy.windowMs],
    );
  }

  /** The password was right: releases the reservation and forgets the account's failures (not the IP's). */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE attempt_id = $1 OR key = $2', [attempt.id, attempt.accountKey]);
  }
}
