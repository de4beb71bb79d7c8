// Limits failed sign-ins per account and per IP address, in Postgres so that every server instance sees
// the same counts. Keyed by the submitted email whether or not such an account exists, so a 429 tells an
// attacker nothing about which emails are real.
import type pg from 'pg';

export type ThrottlePolicy = { accountLimit: number; ipLimit: number; windowMs: number };

export const defaultThrottlePolicy: ThrottlePolicy = { accountLimit: 5, ipLimit: 30, windowMs: 15 * 60 * 1000 };

const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export class LoginThrottle {
  constructor(
    private readonly db: pg.Pool,
    private readonly policy: ThrottlePolicy = defaultThrottlePolicy,
  ) {}

  /** Seconds until the next attempt is allowed, or null when it is allowed now. */
  async retryAfterSeconds(email: string, ip: string): Promise<number | null> {
    const { rows } = await this.db.query<{ key: string; failures: string; oldest: Date }>(
      `SELECT key, count(*) AS failures, min(failed_at) AS oldest FROM login_failures
        WHERE key = ANY($1::text[]) AND failed_at > now() - $2 * interval '1 millisecond' GROUP BY key`,
      [[accountKey(email), ipKey(ip)], this.policy.windowMs],
    );
    let wait = 0;
    for (const row of rows) {
      const limit = row.key.startsWith('account:') ? this.policy.accountLimit : this.policy.ipLimit;
      if (Number(row.failures) >= limit) wait = Math.max(wait, row.oldest.getTime() + this.policy.windowMs - Date.now());
    }
    return wait > 0 ? Math.ceil(wait / 1000) : null;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.db.query(
      `WITH expired AS (DELETE FROM login_failures WHERE failed_at < now() - $2 * interval '1 millisecond')
       INSERT INTO login_failures (key) SELECT unnest($1::text[])`,
      [[accountKey(email), ipKey(ip)], this.policy.windowMs],
    );
  }

  /** A successful sign-in forgets the account's failures (not the IP's). */
  async clearAccount(email: string): Promise<void> {
    await this.db.query('DELETE FROM login_failures WHERE key = $1', [accountKey(email)]);
  }
}
