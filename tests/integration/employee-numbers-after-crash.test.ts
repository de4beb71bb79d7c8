// Employee numbers are assigned by the server (server-writers.ts). A number the server handed out but had
// not stored yet when it was SIGKILLed still lives on the devices that received it; after the restart the
// server may hand the same number to another employee. These tests make exactly that happen, and then
// kill the server repeatedly while several devices create employees offline: numbers stay unique and
// gapless (MA-0001 … MA-n) on the server, in the database and on every device.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { orgDoc } from '@workmate/sync-protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { employeeNumberProblems } from '../helpers/employee-numbers.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { loadStoredDocs, probeServer } from '../chaos/server-view.ts';
import { sameStateVector, seededRandom } from '../chaos/edits.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

let database: TestDatabase;
let server: ServerProcess;
let cookie: string;
const clients: NodeSyncClient[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  // A long flush interval keeps handed-out numbers in server memory only, until the kill.
  server = await startServerProcess({ DATABASE_URL: database.url, FLUSH_INTERVAL_MS: '5000' });
  cookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.stop('SIGKILL');
  await database?.drop();
});

function device(): NodeSyncClient {
  const c = connectNodeClient(server.url, 'org', cookie);
  clients.push(c);
  return c;
}

function createEmployee(c: NodeSyncClient, lastName: string): string {
  const id = randomUUID();
  c.doc.transact(() => orgDoc.insertEmployee(c.doc, id, { ...orgDoc.emptyEmployeeFields, firstName: 'Neu', lastName }, new Date().toISOString()));
  return id;
}

const numberOf = (doc: Y.Doc, id: string) => orgDoc.employeesOf(doc).get(id)?.get('number') as string | undefined;
const synced = (c: NodeSyncClient) => c.provider.synced && c.provider.wsconnected;

/** Waits until every device equals what a fresh client gets, and checks the numbers there and in the database. */
async function expectUniqueGaplessEverywhere(devices: NodeSyncClient[]): Promise<void> {
  const probe = await probeServer(server.url, cookie, ['org']);
  try {
    const reference = probe.docs.get('org')!;
    // A duplicate is renumbered by the server as a change of its own; wait until it has gone everywhere.
    await waitFor(
      () => employeeNumberProblems(reference).length === 0 && devices.every((d) => synced(d) && sameStateVector(d.doc, reference)),
      { timeoutMs: 30_000, what: 'every device to equal the server, with unique numbers' },
    ).catch(() => undefined);
    expect(employeeNumberProblems(reference)).toEqual([]);
    for (const d of devices) {
      expect(sameStateVector(d.doc, reference)).toBe(true);
      expect(employeeNumberProblems(d.doc)).toEqual([]);
    }
    await waitFor(async () => {
      const stored = (await loadStoredDocs(database.url, ['org'])).get('org')!;
      return sameStateVector(stored, reference) && employeeNumberProblems(stored).length === 0;
    }, { timeoutMs: 30_000, intervalMs: 500, what: 'the database to hold the same unique, gapless numbers' });
  } finally {
    probe.destroy();
  }
}

describe('employee numbers after a server crash', () => {
  it('gives a number handed out just before a SIGKILL to nobody else', async () => {
    const a = device();
    const b = device();
    const watcher = device();
    await waitFor(() => [a, b, watcher].every(synced), { what: 'devices to sync' });

    // B creates an employee offline; A creates one online and the server numbers it (in memory only).
    b.provider.disconnect();
    const fromB = createEmployee(b, 'Offline-B');
    const fromA = createEmployee(a, 'Online-A');
    await waitFor(() => numberOf(watcher.doc, fromA) && numberOf(a.doc, fromA), { what: 'the server to number A’s employee' });
    const handedOut = numberOf(a.doc, fromA);

    // The server dies before storing that number. A and the watcher still have it.
    await server.stop('SIGKILL');
    a.provider.disconnect();
    watcher.provider.disconnect();
    await server.restart();

    // B comes back first: the restarted server does not know A's employee and numbers B's.
    b.provider.connect();
    await waitFor(() => synced(b) && numberOf(b.doc, fromB), { timeoutMs: 20_000, what: 'the server to number B’s employee' });
    a.provider.connect();
    watcher.provider.connect();

    await expectUniqueGaplessEverywhere([a, b, watcher]);
    expect(numberOf(watcher.doc, fromA)).not.toBe(numberOf(watcher.doc, fromB));
    expect([numberOf(watcher.doc, fromA), numberOf(watcher.doc, fromB)]).toContain(handedOut);
  });

  it('keeps numbers unique and gapless while several devices create employees offline and the server is killed again and again', async () => {
    const random = seededRandom(Number(process.env.CHAOS_SEED ?? 4242));
    const devices = [device(), device(), device(), device()];
    await waitFor(() => devices.every(synced), { what: 'devices to sync' });
    const created: string[] = [];
    for (let round = 0; round < 5; round++) {
      // Some devices go offline and create employees there; the others create theirs online.
      const offline = devices.filter(() => random() < 0.5);
      for (const d of offline) d.provider.disconnect();
      for (const d of devices) for (let i = 0; i < 3; i++) created.push(createEmployee(d, `R${round}-${i}`));
      // Online devices' employees get numbers that only the server's memory holds...
      const online = devices.filter((d) => !offline.includes(d));
      await waitFor(() => online.every((d) => created.every((id) => !orgDoc.employeesOf(d.doc).has(id) || numberOf(d.doc, id))), {
        timeoutMs: 20_000,
        what: 'the server to number the online devices’ employees',
      });
      // ...when it is killed; the offline devices come back (in random order) once it is up again.
      await server.stop('SIGKILL');
      await server.restart();
      for (const d of offline.sort(() => random() - 0.5)) {
        d.provider.connect();
        await waitFor(() => synced(d), { timeoutMs: 20_000, what: 'an offline device to reconnect' });
      }
    }
    await expectUniqueGaplessEverywhere(devices);
    const doc = devices[0]!.doc;
    for (const id of created) expect(numberOf(doc, id), `employee ${id}`).toMatch(/^MA-\d{4}$/);
  });
});
