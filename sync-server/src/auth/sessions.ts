// Server-side sessions. The browser holds an opaque random id in an HttpOnly cookie; Postgres holds only
// its SHA-256, with an expiry that slides forward while the session is used. The hash (hex) is also the
// session's public id: the owner sees it in "my sessions" and may end one, and the socket registry closes
// the sockets of an ended one. Ended sessions are marked revoked rather than deleted, so the app can tell
// "signed out by the server" (go to sign-in) from "expired" (sign in again, keep working meanwhile).
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { selectUser, toSessionUser, type SessionUser, type UserRow } from './users.ts';

export const SESSION_COOKIE = 'wm_session';

export const hashSessionId = (id: string): Buffer => createHash('sha256').update(id).digest();

export type SessionInfo = { id: string; createdAt: string; lastSeenAt: string; userAgent: string };
export type ResolvedSession = { user: SessionUser; sessionId: string };
/** Why there is no session: no cookie or an unknown one, an expired one, or one the server ended. */
export type SessionEnd = 'none' | 'expired' | 'revoked';
export type SessionLookup = ({ ok: true } & ResolvedSession) | { ok: false; end: SessionEnd };

export async function createSession(db: pg.Pool, userId: string, ttlMs: number, userAgent: string): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO sessions (id_hash, user_id, expires_at, user_agent) VALUES ($1, $2, $3, $4)', [
    hashSessionId(id),
    userId,
    new Date(Date.now() + ttlMs),
    userAgent.slice(0, 300),
  ]);
  return id;
}

/**
 * How stale a session's last-seen time may get before a lookup writes it (and slides the expiry). A
 * lookup is a read: every sync socket and every API request makes one, and a write each time would cost
 * a WAL flush per socket — 16 per tab when it (re)connects its docs. "My sessions" and the users list
 * show last-seen to the minute, and the expiry slides by days, so a minute of staleness changes nothing.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

type SessionRow = UserRow & { live: boolean; revoked: boolean; touch_due: boolean; has_user: boolean };

/**
 * The session and its user in one statement. The user columns are null when the account was
 * deactivated or deleted (then the session counts as revoked, as deactivation ends sessions).
 */
const selectSessionWithUser = `
  SELECT s.expires_at > now() AS live, s.revoked_at IS NOT NULL AS revoked,
         s.last_seen_at < now() - $2 * interval '1 millisecond' AS touch_due,
         u.id IS NOT NULL AS has_user, u.*
    FROM sessions s
    LEFT JOIN LATERAL (${selectUser} WHERE u.id = s.user_id AND u.active) u ON true
   WHERE s.id_hash = $1`;

/**
 * Looks the session cookie up and says why when there is no valid session. Slides the expiry (and
 * last-seen) when the last write is older than SESSION_TOUCH_INTERVAL_MS — otherwise a read only.
 */
export async function lookupSession(db: pg.Pool, cookie: string | undefined, ttlMs: number): Promise<SessionLookup> {
  if (!cookie || cookie.length > 100) return { ok: false, end: 'none' };
  const hash = hashSessionId(cookie);
  const { rows } = await db.query<SessionRow>({ name: 'lookup-session', text: selectSessionWithUser, values: [hash, SESSION_TOUCH_INTERVAL_MS] });
  const row = rows[0];
  if (!row) return { ok: false, end: 'none' };
  if (row.revoked) return { ok: false, end: 'revoked' };
  if (!row.live) return { ok: false, end: 'expired' };
  if (!row.has_user) return { ok: false, end: 'revoked' };
  // The session ended (expired, or was revoked) between the read and the write: the next read says how.
  if (row.touch_due && !(await touchSession(db, hash, ttlMs))) return lookupSession(db, cookie, ttlMs);
  return { ok: true, user: toSessionUser(row), sessionId: hash.toString('hex') };
}

/** Marks the session seen and slides its expiry; false if it is no longer valid. */
async function touchSession(db: pg.Pool, hash: Buffer, ttlMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sessions SET last_seen_at = now(), expires_at = GREATEST(expires_at, now() + $2 * interval '1 millisecond')
      WHERE id_hash = $1 AND expires_at > now() AND revoked_at IS NULL`,
    [hash, ttlMs],
  );
  return (rowCount ?? 0) > 0;
}

/** The signed-in user and the session's public id, or null. */
export async function resolveSession(db: pg.Pool, cookie: string | undefined, ttlMs: number): Promise<ResolvedSession | null> {
  const lookup = await lookupSession(db, cookie, ttlMs);
  return lookup.ok ? { user: lookup.user, sessionId: lookup.sessionId } : null;
}

/** The signed-in user for a session cookie, or null. */
export async function userForSession(db: pg.Pool, cookie: string | undefined, ttlMs: number): Promise<SessionUser | null> {
  return (await resolveSession(db, cookie, ttlMs))?.user ?? null;
}

/** Ends the session of a cookie (sign-out); returns whose it was and its public id, or null if none was open. */
export async function endSession(db: pg.Pool, cookie: string | undefined): Promise<{ userId: string; sessionId: string } | null> {
  if (!cookie || cookie.length > 100) return null;
  const hash = hashSessionId(cookie);
  const { rows } = await db.query<{ user_id: string }>(
    'UPDATE sessions SET revoked_at = now() WHERE id_hash = $1 AND revoked_at IS NULL RETURNING user_id',
    [hash],
  );
  return rows[0] ? { userId: rows[0].user_id, sessionId: hash.toString('hex') } : null;
}

/** Ends one of a user's sessions by its public id; false if the user has no such open session. */
export async function endUserSession(db: pg.Pool, userId: string, sessionId: string): Promise<boolean> {
  if (!/^[0-9a-f]{64}$/.test(sessionId)) return false;
  const { rowCount } = await db.query('UPDATE sessions SET revoked_at = now() WHERE id_hash = $1 AND user_id = $2 AND revoked_at IS NULL', [
    Buffer.from(sessionId, 'hex'),
    userId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** Ends every open session of a user, except `keep` (a public id); returns how many. */
export async function endAllSessions(db: pg.Pool | pg.PoolClient, userId: string, keep?: string): Promise<number> {
  const { rowCount } = await db.query(
    'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::bytea IS NULL OR id_hash <> $2)',
    [userId, keep ? Buffer.from(keep, 'hex') : null],
  );
  return rowCount ?? 0;
}

export async function listSessions(db: pg.Pool, userId: string): Promise<SessionInfo[]> {
  const { rows } = await db.query<{ id_hash: Buffer; created_at: Date; last_seen_at: Date; user_agent: string }>(
    `SELECT id_hash, created_at, last_seen_at, user_agent FROM sessions
      WHERE user_id = $1 AND expires_at > now() AND revoked_at IS NULL ORDER BY last_seen_at DESC`,
    [userId],
  );
  return rows.map((r) => ({
    id: r.id_hash.toString('hex'),
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    userAgent: r.user_agent,
  }));
}

/** Reads one cookie from a Cookie header (used for the websocket upgrade, where Hono is not involved). */
export function cookieFromHeader(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * How long each of these sessions (public ids) has left, in ms by the database's clock (≤ 0: expired).
 * Sessions that were ended, whose account was deactivated, or that do not exist are missing. For the
 * sync sockets, which close when their session expires (sync/session-expiry.ts).
 */
export async function sessionsTimeLeft(db: pg.Pool, sessionIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; left_ms: number }>(
    `SELECT encode(s.id_hash, 'hex') AS id, (extract(epoch FROM s.expires_at - now()) * 1000)::float8 AS left_ms
       FROM sessions s JOIN users u ON u.id = s.user_id AND u.active
      WHERE s.id_hash = ANY($1::bytea[]) AND s.revoked_at IS NULL`,
    [sessionIds.map((id) => Buffer.from(id, 'hex'))],
  );
  return new Map(rows.map((r) => [r.id, r.left_ms]));
}
