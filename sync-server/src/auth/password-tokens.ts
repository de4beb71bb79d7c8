// One-time links to set a password: for new accounts ("send a link instead of a password") and resets.
// The link carries a random token; Postgres keeps only its SHA-256, an expiry, and when it was used.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

export const PASSWORD_TOKEN_TTL_MS = 72 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest();

export async function createPasswordToken(db: pg.Pool | pg.PoolClient, userId: string, createdBy: string | null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  // A new link replaces older unused ones.
  await db.query('DELETE FROM password_tokens WHERE user_id = $1 AND used_at IS NULL', [userId]);
  await db.query('INSERT INTO password_tokens (token_hash, user_id, created_by, expires_at) VALUES ($1, $2, $3, $4)', [
    hashToken(token),
    userId,
    createdBy,
    new Date(Date.now() + PASSWORD_TOKEN_TTL_MS),
  ]);
  return token;
}

/** Marks the token used and returns its user, or null if it is unknown, used or expired. */
export async function consumePasswordToken(db: pg.PoolClient, token: string): Promise<string | null> {
  if (token.length > 100) return null;
  const { rows } = await db.query<{ user_id: string }>(
    `UPDATE password_tokens SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        AND user_id IN (SELECT id FROM users WHERE active)
      RETURNING user_id`,
    [hashToken(token)],
  );
  return rows[0]?.user_id ?? null;
}
