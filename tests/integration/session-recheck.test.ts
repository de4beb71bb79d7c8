// A sync socket looks its session up a second time when an access change may have passed it by while it
// was being set up (socket-server.ts). That second look must decide: if the database does not answer,
// the socket is refused (1011, the client reconnects) rather than keeping the rights of the first look.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { CloseCode, SESSION_REVOKED_REASON, parseDocName, type DocRef } from '@workmate/sync-protocol';
import { createSession, endSession } from '../../sync-server/src/auth/sessions.ts';
import { insertAccount } from '../../sync-server/src/auth/users.ts';
import { readConfig } from '../../sync-server/src/config.ts';
import { migrate } from '../../sync-server/src/db/migrate.ts';
import { createPool } from '../../sync-server/src/db/pool.ts';
import { recheckSession } from '../../sync-server/src/sync/socket-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const config = readConfig({});
const orgRef = (parseDocName('org') as { ok: true; ref: DocRef }).ref;

let database: TestDatabase;
let db: pg.Pool;
beforeAll(async () => {
  database = await createTestDatabase();
  db = createPool(database.url);
  await migrate(db);
  await db.query(`INSERT INTO roles (key, name, permissions) VALUES ('reader', 'Lesen', ARRAY['org.read']), ('writer', 'Schreiben', ARRAY['org.read', 'org.write'])`);
});
afterAll(async () => {
  await db?.end();
  await database?.drop();
});

type Refusal = { code: number; reason: string };

async function recheck(cookie: string, connectionDb: pg.Pool = db) {
  const connection = { userId: 'user', doc: 'org', canWrite: true };
  const refusals: Refusal[] = [];
  await recheckSession(connection, cookie, orgRef, { db: connectionDb, config }, (code, reason) => void refusals.push({ code, reason }));
  return { refusals, canWrite: connection.canWrite };
}

let accounts = 0;
async function sessionWithRoles(roles: string[]): Promise<string> {
  accounts++;
  const userId = await insertAccount(db, { email: `recheck${accounts}@example.de`, name: `Recheck ${accounts}`, roles, employeeId: null, passwordHash: 'unused' });
  return createSession(db, userId, config.sessionTtlMs, 'vitest');
}

describe('the second session lookup of a socket being set up', () => {
  it('refuses the socket with 1011 when the database cannot answer, instead of keeping its rights', async () => {
    const cookie = await sessionWithRoles(['writer']);
    // A real database error: the same server without its tables.
    const empty = await createTestDatabase();
    const broken = createPool(empty.url);
    try {
      expect(await recheck(cookie, broken)).toEqual({ refusals: [{ code: CloseCode.ServerError, reason: 'session could not be checked; try again shortly' }], canWrite: true });
    } finally {
      await broken.end();
      await empty.drop();
    }
  });

  it('refuses an ended session with 4401, and lowers a socket to read-only when write access went', async () => {
    const ended = await sessionWithRoles(['writer']);
    await endSession(db, ended);
    expect((await recheck(ended)).refusals).toEqual([{ code: CloseCode.Unauthorized, reason: SESSION_REVOKED_REASON }]);

    const reader = await sessionWithRoles(['reader']);
    expect(await recheck(reader)).toEqual({ refusals: [], canWrite: false });
  });
});
