// Server-side sessions. The browser holds an opaque random id in an HttpOnly cookie; Postgres holds only
// its SHA-256, with an expiry that slides forward while the session is used.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { findUserById, type SessionUser } from './users.ts';

export const SESSION_COOKIE = 'wm_session';

const hashId = (id: string): Buffer => createHash('sha256').update(id).digest();

export async function createSession(db: pg.Pool, userId: string, ttlMs: number, userAgent: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (id_hash, user_id, expires_at, user_agent) VALUES ($1, $2, $3, $4)', [
    hashId(id),
    userId,
    new Date(Date.now() + ttlMs),
    userAgent.slice(0, 300),
  ]);
  return id;
}

/** The signed-in user for a session id, or null if it is unknown, expired or the user is deactivated. */
export async function userForSession(db: pg.Pool, id: string | undefined, ttlMs: number): Promise<SessionUser | null> {
  if (!id || id.length > 100) return null;
  const { rows } = await db.query<{ user_id: string }>(
    `UPDATE sessions SET last_seen_at = now(), expires_at = GREATEST(expires_at, now() + $2 * interval '1 millisecond')
      WHERE id_hash = $1 AND expires_at > now() RETURNING user_id`,
    [hashId(id), ttlMs],
  );
  return rows[0] ? findUserById(db, rows[0].user_id) : null;
}

export async function deleteSession(db: pg.Pool, id: string | undefined): Promise<void> {
  if (id) await db.query('DELETE FROM sessions WHERE id_hash = $1', [hashId(id)]);
}

/** Reads one cookie from a Cookie header (used for the websocket upgrade, where Hono is not involved). */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
