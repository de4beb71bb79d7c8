// Session look-ups on a real Postgres: every sync socket and API request makes one, so a look-up reads
// and writes only when the session's last-seen time is over a minute old (then it also slides the expiry).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { migrate } from '../../sync-server/src/db/migrate.ts';
import { createPool } from '../../sync-server/src/db/pool.ts';
import { SESSION_TOUCH_INTERVAL_MS, createSession, endSession, hashSessionId, lookupSession } from '../../sync-server/src/auth/sessions.ts';
import { insertAccount, updateAccount } from '../../sync-server/src/auth/users.ts';
import { createLogger } from '../../sync-server/src/logger.ts';
import { SocketRegistry } from '../../sync-server/src/sync/socket-registry.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { waitFor } from '../helpers/wait-for.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const TTL_MS = 30 * DAY_MS;

let db: pg.Pool;
let dropDatabase: () => Promise<void>;
let accounts = 0;

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  db = createPool(database.url);
  await migrate(db);
  await db.query(`INSERT INTO roles (key, name, permissions) VALUES ('hr', 'Personal', ARRAY['people.private.read', 'org.read'])`);
});
afterAll(async () => {
  await db?.end();
  await dropDatabase?.();
});

async function signedIn(): Promise<{ userId: string; cookie: string }> {
  accounts++;
  const userId = await insertAccount(db, { email: `person${accounts}@example.de`, name: `Person ${accounts}`, roles: ['hr'], employeeId: null, passwordHash: 'unused' });
  return { userId, cookie: await createSession(db, userId, TTL_MS, 'vitest') };
}

type Times = { lastSeen: Date; expires: Date; xmin: string };

async function sessionRow(cookie: string): Promise<Times> {
  const { rows } = await db.query<{ last_seen_at: Date; expires_at: Date; xmin: string }>(
    'SELECT last_seen_at, expires_at, xmin::text FROM sessions WHERE id_hash = $1',
    [hashSessionId(cookie)],
  );
  return { lastSeen: rows[0]!.last_seen_at, expires: rows[0]!.expires_at, xmin: rows[0]!.xmin };
}

/** Moves the session's last write back in time, as if it had last been seen `ago` ms before now. */
async function lastSeenAgo(cookie: string, agoMs: number, expiresInMs: number): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = now() - $2 * interval '1 millisecond', expires_at = now() + $3 * interval '1 millisecond' WHERE id_hash = $1`,
    [hashSessionId(cookie), agoMs, expiresInMs],
  );
}

describe('looking up a session', () => {
  it('answers with the user, their role names and permissions', async () => {
    const { userId, cookie } = await signedIn();
    const lookup = await lookupSession(db, cookie, TTL_MS);
    expect(lookup).toEqual({
      ok: true,
      sessionId: hashSessionId(cookie).toString('hex'),
      user: expect.objectContaining({ id: userId, roles: ['hr'], roleNames: ['Personal'], employeeId: null }),
    });
    expect(lookup.ok && [...lookup.user.permissions].sort()).toEqual(['org.read', 'people.private.read']);
  });

  it('writes nothing while the session was seen within the last minute', async () => {
    const { cookie } = await signedIn();
    await lastSeenAgo(cookie, SESSION_TOUCH_INTERVAL_MS / 2, DAY_MS);
    const before = await sessionRow(cookie);
    for (let i = 0; i < 5; i++) expect((await lookupSession(db, cookie, TTL_MS)).ok).toBe(true);
    // xmin changes with every write of the row, even one that sets the same values.
    expect(await sessionRow(cookie)).toEqual(before);
  });

  it('marks the session seen and slides its expiry once the last write is over a minute old', async () => {
    const { cookie } = await signedIn();
    await lastSeenAgo(cookie, SESSION_TOUCH_INTERVAL_MS * 2, DAY_MS);
    const before = await sessionRow(cookie);
    expect((await lookupSession(db, cookie, TTL_MS)).ok).toBe(true);
    const after = await sessionRow(cookie);
    expect(after.lastSeen.getTime() - before.lastSeen.getTime()).toBeGreaterThan(SESSION_TOUCH_INTERVAL_MS);
    expect(after.expires.getTime()).toBeGreaterThan(Date.now() + TTL_MS - DAY_MS);
  });

  it('never shortens an expiry that is already further out than the lifetime', async () => {
    const { cookie } = await signedIn();
    await lastSeenAgo(cookie, SESSION_TOUCH_INTERVAL_MS * 2, TTL_MS * 2);
    const before = await sessionRow(cookie);
    await lookupSession(db, cookie, TTL_MS);
    expect((await sessionRow(cookie)).expires).toEqual(before.expires);
  });

  it('tells an unknown, an expired and an ended session apart', async () => {
    expect(await lookupSession(db, undefined, TTL_MS)).toEqual({ ok: false, end: 'none' });
    expect(await lookupSession(db, 'no-such-session', TTL_MS)).toEqual({ ok: false, end: 'none' });

    const expired = await signedIn();
    await lastSeenAgo(expired.cookie, TTL_MS + DAY_MS, -DAY_MS);
    expect(await lookupSession(db, expired.cookie, TTL_MS)).toEqual({ ok: false, end: 'expired' });

    const ended = await signedIn();
    await endSession(db, ended.cookie);
    expect(await lookupSession(db, ended.cookie, TTL_MS)).toEqual({ ok: false, end: 'revoked' });

    // Ended by the server counts over expired: the app then goes to sign-in instead of offering to resume.
    await lastSeenAgo(ended.cookie, TTL_MS + DAY_MS, -DAY_MS);
    expect(await lookupSession(db, ended.cookie, TTL_MS)).toEqual({ ok: false, end: 'revoked' });
  });

  it('does not revive a session that expires between the read and the touch', async () => {
    const { cookie } = await signedIn();
    await lastSeenAgo(cookie, SESSION_TOUCH_INTERVAL_MS * 2, DAY_MS);
    // Another connection holds the session row, so the lookup's touch waits after its read found it live.
    const other = await db.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM sessions WHERE id_hash = $1 FOR UPDATE', [hashSessionId(cookie)]);
      const lookup = lookupSession(db, cookie, TTL_MS);
      await waitFor(
        async () => {
          const { rows } = await db.query(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE sessions SET last_seen_at%'",
          );
          return rows.length > 0;
        },
        { what: 'the touch to wait for the session row' },
      );
      await other.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1", [hashSessionId(cookie)]);
      await other.query('COMMIT');
      expect(await lookup).toEqual({ ok: false, end: 'expired' });
    } finally {
      other.release();
    }
    expect((await sessionRow(cookie)).expires.getTime()).toBeLessThan(Date.now());
  });

  it('treats the session of a deactivated account as ended, and neither slides nor touches it', async () => {
    const { userId, cookie } = await signedIn();
    await lastSeenAgo(cookie, SESSION_TOUCH_INTERVAL_MS * 2, DAY_MS);
    await updateAccount(db, userId, { active: false });
    const before = await sessionRow(cookie);
    expect(await lookupSession(db, cookie, TTL_MS)).toEqual({ ok: false, end: 'revoked' });
    expect(await sessionRow(cookie)).toEqual(before);
  });
});

// A sync socket looks its session up before the registry knows it. A change reported in between reaches
// no socket of its, so the socket looks again when the registry heard of any change meanwhile.
describe('the socket registry counting access changes', () => {
  it('counts every change it hears of, including missed messages, whether or not it has sockets', async () => {
    const registry = new SocketRegistry(db, createLogger('silent'));
    const { userId } = await signedIn();
    const before = registry.accessChangesHeard;
    await registry.userChanged(userId);
    await registry.roleChanged('hr');
    registry.sessionsEnded(userId, { allExcept: null });
    registry.changesMayHaveBeenMissed();
    expect(registry.accessChangesHeard - before).toBe(4);
  });
});
