// A session that expires takes its open sockets with it: each instance closes its own sockets of the
// session with 4401 "session expired" when the expiry passes, so an expired device stops receiving
// colleagues' edits. An expiry slides forward while the session is used, and a socket whose session was
// used meanwhile (on any instance) stays open. The tests move a session's expiry a few seconds ahead
// directly in Postgres, before its sockets open — the server reads it when the first socket registers.
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { CloseCode, SESSION_EXPIRED_REASON, orgDoc } from '@workmate/sync-protocol';
import { hashSessionId } from '../../sync-server/src/auth/sessions.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';
import { jsonApi } from '../helpers/json-api.ts';
import { signIn, type ServerProcess } from '../helpers/server-process.ts';
import { useTwoInstances } from '../helpers/two-instance-suite.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { WatchedSyncClient } from '../helpers/watched-sync-client.ts';

const suite = useTwoInstances('postgres');

/** How far ahead a test session expires: time enough for its sockets to open and sync first, on a busy machine. */
const EXPIRES_IN_MS = 6_000;
/** The directory record the admin edits to see who still receives edits. */
const EDITED_EMPLOYEE = demoEmployeeId(24);

const sessionHash = (cookie: string) => hashSessionId(cookie.slice(cookie.indexOf('=') + 1));

/** A new session of Max Mustermann (may read the org doc), signed in on `instance`. */
const newSession = (instance: ServerProcess) => signIn(instance.url, 'mitarbeiter@muster-gmbh.de', DEMO_PASSWORD);

async function expiresIn(cookie: string, ms: number): Promise<void> {
  await suite.db.query(`UPDATE sessions SET expires_at = now() + $2 * interval '1 millisecond' WHERE id_hash = $1`, [sessionHash(cookie), ms]);
}

/** Uses the session over REST with its last-seen time over a minute old, which slides its expiry by the TTL. */
async function useSession(instance: ServerProcess, cookie: string): Promise<void> {
  await suite.db.query(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE id_hash = $1`, [sessionHash(cookie)]);
  expect((await jsonApi(instance.url)('GET', '/api/auth/me', { cookie })).status).toBe(200);
  const { rows } = await suite.db.query<{ days: number }>(
    `SELECT extract(epoch FROM expires_at - now()) / 86400 AS days FROM sessions WHERE id_hash = $1`,
    [sessionHash(cookie)],
  );
  expect(Number(rows[0]!.days)).toBeGreaterThan(1);
}

const positionOf = (doc: Y.Doc) => orgDoc.readEmployee(orgDoc.employeesOf(doc).get(EDITED_EMPLOYEE)!).position;

/** An admin edit: returns the position written. */
function adminEdit(admin: WatchedSyncClient, label: string): string {
  const position = `${label} ${Date.now()}`;
  admin.doc.transact(() => orgDoc.setEmployeeField(admin.doc, EDITED_EMPLOYEE, 'position', position, new Date().toISOString()));
  return position;
}

const closedAsExpired = (client: WatchedSyncClient) => client.serverCloses[0]?.code === CloseCode.Unauthorized;

describe('a session expiring while its sockets are open', () => {
  it('closes the socket with 4401 "session expired", and keeps open a socket whose session was used meanwhile', async () => {
    const [expiring, extended] = [await newSession(suite.a), await newSession(suite.a)];
    // The extended session's first deadline comes first: by the time the other one closes, the
    // server has read it again and found it extended.
    await Promise.all([expiresIn(extended, EXPIRES_IN_MS - 1_000), expiresIn(expiring, EXPIRES_IN_MS)]);
    const admin = suite.connect(suite.a);
    const doomed = suite.connect(suite.a, 'org', expiring);
    const kept = suite.connect(suite.a, 'org', extended);
    await suite.allSynced([admin, doomed, kept], EXPIRES_IN_MS - 3_000);

    // Used on the other instance: the instance holding the socket learns of it from Postgres.
    await useSession(suite.b, extended);
    await waitFor(() => closedAsExpired(doomed), { timeoutMs: EXPIRES_IN_MS + 5_000, what: 'the expired session’s socket to close' });
    expect(doomed.serverCloses[0]).toEqual({ code: CloseCode.Unauthorized, reason: SESSION_EXPIRED_REASON });

    const position = adminEdit(admin, 'Nach Ablauf');
    await waitFor(() => positionOf(kept.doc) === position, { what: 'the edit to reach the socket of the extended session' });
    expect(kept.serverCloses).toEqual([]);
    // Reconnecting is refused too (4401 at the upgrade), so the expired device never receives it.
    doomed.provider.connect();
    await waitFor(() => doomed.serverCloses.length === 2, { what: 'the expired socket’s reconnect to be refused' });
    expect(doomed.serverCloses[1]!.code).toBe(CloseCode.Unauthorized);
    expect(positionOf(doomed.doc)).not.toBe(position);
  });

  it('closes the sockets of the session on every instance, at the expiry and not before', async () => {
    const cookie = await newSession(suite.a);
    const notBefore = Date.now() + EXPIRES_IN_MS;
    await expiresIn(cookie, EXPIRES_IN_MS);
    const sockets = [suite.connect(suite.a, 'org', cookie), suite.connect(suite.b, 'org', cookie), suite.connect(suite.b, `profile/${demoEmployeeId(5)}`, cookie)];
    await suite.allSynced(sockets, EXPIRES_IN_MS - 1_000);

    await waitFor(() => sockets.some(closedAsExpired), { timeoutMs: EXPIRES_IN_MS + 5_000, what: 'a socket of the session to close' });
    const lateMs = Date.now() - notBefore;
    await waitFor(() => sockets.every(closedAsExpired), { what: 'every socket of the session to close' });
    for (const socket of sockets) expect(socket.serverCloses[0]).toEqual({ code: CloseCode.Unauthorized, reason: SESSION_EXPIRED_REASON });
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(2_000);
  });
});
