// `Stored` (message 100) is the server's word that an edit is in Postgres: the web app's outbox, its
// sign-out warning and the wipe on sign-out trust it. So while the server cannot write the update log —
// the table locked by another transaction, or every insert failing — no ack may cover the edit; once the
// row is committed, the ack follows.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { orgDoc } from '@workmate/sync-protocol';
import { openAckedSyncSocket, type AckedSyncSocket } from '../helpers/acked-sync-socket.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { lockDocUpdates, refuseDocUpdates, untilAnInsertWaitsForTheLock } from '../helpers/stalled-doc-writes.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { loadStoredDocs } from '../chaos/server-view.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';

let database: TestDatabase;
let server: ServerProcess;
let adminCookie: string;
let sockets: AckedSyncSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url });
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
});

afterEach(() => {
  for (const socket of sockets) socket.close();
  sockets = [];
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function openOrg(): Promise<AckedSyncSocket> {
  const socket = await openAckedSyncSocket(server.url, 'org', adminCookie);
  sockets.push(socket);
  return socket;
}

function setPosition(socket: AckedSyncSocket, id: string, position: string): void {
  socket.doc.transact(() => orgDoc.setEmployeeField(socket.doc, id, 'position', position, new Date().toISOString()));
}

/** The employee's position as Postgres holds the org doc now (loaded the way a restarted server loads it). */
async function storedPosition(id: string): Promise<string | undefined> {
  const org = (await loadStoredDocs(database.url, ['org'])).get('org')!;
  const record = orgDoc.employeesOf(org).get(id);
  return record && orgDoc.readEmployee(record).position;
}

async function orgRowCount(): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM doc_updates WHERE doc = 'org'");
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('Stored acks', () => {
  it('sends no Stored for an edit while its insert waits for a lock on doc_updates — not even to a client joining meanwhile — and sends it once the row is committed', async () => {
    const writer = await openOrg();
    const id = demoEmployeeId(4);
    await waitFor(() => orgDoc.employeesOf(writer.doc).get(id), { what: 'the employee in the synced doc' });

    const lock = await lockDocUpdates(database.url);
    try {
      setPosition(writer, id, 'Gespeichert erst nach der Sperre');
      await untilAnInsertWaitsForTheLock(database.url);
      // Everything the server sent before answering this has arrived: an ack sent on receipt, or before
      // the insert, would be here now.
      await writer.roundTrip();
      expect(writer.ownEditsAcked(), 'a Stored ack covered the edit while its insert waited for the lock').toBe(false);

      // A device joining now gets the edit, but its first ack must not claim the edit is stored.
      const joiner = await openOrg();
      expect(orgDoc.readEmployee(orgDoc.employeesOf(joiner.doc).get(id)!).position).toBe('Gespeichert erst nach der Sperre');
      const writerClock = Y.getState(writer.doc.store, writer.doc.clientID);
      expect(writerClock).toBeGreaterThan(0);
      expect(
        joiner.acks.every((ack) => (ack.get(writer.doc.clientID) ?? 0) < writerClock),
        'the ack on joining covered an edit that is not stored yet',
      ).toBe(true);
    } finally {
      await lock.release();
    }

    await waitFor(() => writer.ownEditsAcked(), { timeoutMs: 15_000, what: 'the Stored ack after the lock was released' });
    expect(await storedPosition(id)).toBe('Gespeichert erst nach der Sperre');
  });

  it('sends no Stored while every insert of the edit fails, not even after a failed retry, and sends it once a retry stores the row', async () => {
    const writer = await openOrg();
    const id = demoEmployeeId(6);
    await waitFor(() => orgDoc.employeesOf(writer.doc).get(id), { what: 'the employee in the synced doc' });
    const rowsBefore = await orgRowCount();

    const refusal = await refuseDocUpdates(database.url);
    try {
      setPosition(writer, id, 'Gespeichert erst beim nächsten Versuch');
      // The first write and the server's first retry (a second later) both failed.
      await waitFor(async () => (await refusal.attempts()) >= 2, { timeoutMs: 15_000, what: 'two refused inserts' });
      await writer.roundTrip();
      expect(writer.ownEditsAcked(), 'a Stored ack covered the edit although every insert of it failed').toBe(false);
      expect(await orgRowCount()).toBe(rowsBefore);
    } finally {
      await refusal.allow();
    }

    await waitFor(() => writer.ownEditsAcked(), { timeoutMs: 20_000, what: 'the Stored ack after inserts were allowed again' });
    expect(await orgRowCount()).toBeGreaterThan(rowsBefore);
    expect(await storedPosition(id)).toBe('Gespeichert erst beim nächsten Versuch');
  });
});
