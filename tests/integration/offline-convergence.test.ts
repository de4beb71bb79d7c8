// Two devices offline for a long stretch — 1,000 edits each to the same records and the same texts —
// then reconnect: they converge, nothing either typed is lost, and the result does not depend on which
// device comes back first. The offline replicas are built once, deterministically, from a starting
// state synced from the server; then the reconnect runs twice on two fresh databases (A first, then B;
// B first, then A) and the server contents of both orders must be equal.
//
// The doc is a `profile/<id>` doc no one else uses, holding directory-shaped records (employee maps with
// notes texts): the server writes nothing into it, so both databases start from exactly the state this
// test writes (the seeded org doc differs per database — each server seeds it under its own client id).
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName, orgDoc } from '@workmate/sync-protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { docContent, pick, sameStateVector, seededRandom, type Random } from '../chaos/edits.ts';
import { loadStoredDocs, probeServer } from '../chaos/server-view.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const DOC = docName({ kind: 'profile', employeeId: '0c0ffee0-0000-4000-8000-000000000001' });
const EDITS_PER_DEVICE = 1_000;
const RECORDS = 8;
const recordId = (i: number) => `rec-${i}`;
const fields = ['firstName', 'lastName', 'position', 'phone'] as const;

type Site = { server: ServerProcess; database: TestDatabase; cookie: string };
const sites: Site[] = [];
const clients: Array<Pick<NodeSyncClient, 'destroy'>> = [];
/** The doc's content: the records (with their notes texts inside). */
const ROOTS = { maps: ['employees'], texts: [] };

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const s of sites.splice(0)) {
    await s.server.stop('SIGKILL');
    await s.database.drop();
  }
});

async function freshSite(): Promise<Site> {
  const database = await createTestDatabase();
  const server = await startServerProcess({ DATABASE_URL: database.url });
  const site = { server, database, cookie: await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD) };
  sites.push(site);
  return site;
}

function connect(site: Site, doc: Y.Doc): NodeSyncClient {
  const c = connectNodeClient(site.server.url, DOC, site.cookie, doc);
  clients.push(c);
  return c;
}

const synced = (c: NodeSyncClient) => c.provider.synced && c.provider.wsconnected;

/** The shared starting state: records with notes, written once under a fixed client id. */
function startingState(): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1;
  doc.transact(() => {
    for (let i = 0; i < RECORDS; i++) {
      orgDoc.insertEmployee(doc, recordId(i), { ...orgDoc.emptyEmployeeFields, firstName: `Vorname ${i}`, lastName: `Name ${i}` }, '2026-01-01T08:00:00.000Z', `Notiz ${i}: `);
    }
  });
  return Y.encodeStateAsUpdate(doc);
}

/** Puts the starting state on a site's server and waits until a fresh client gets it. */
async function seedSite(site: Site, state: Uint8Array): Promise<void> {
  const writer = connect(site, new Y.Doc());
  await waitFor(() => synced(writer), { what: 'the writer to sync' });
  Y.applyUpdate(writer.doc, state);
  await waitFor(async () => {
    const probe = await probeServer(site.server.url, site.cookie, [DOC]);
    try {
      return orgDoc.employeesOf(probe.docs.get(DOC)!).size === RECORDS;
    } finally {
      probe.destroy();
    }
  }, { timeoutMs: 20_000, what: 'the server to hold the starting state' });
  writer.destroy();
}

/** One device's offline stretch: field overwrites, notes typed and deleted, records added and removed. */
function editOffline(doc: Y.Doc, device: string, random: Random): string[] {
  const tokens: string[] = [];
  const mine: string[] = [];
  for (let i = 0; i < EDITS_PER_DEVICE; i++) {
    const now = new Date(Date.UTC(2026, 0, 2, 8, 0, 0, i)).toISOString();
    const id = recordId(Math.floor(random() * RECORDS));
    const roll = random();
    doc.transact(() => {
      if (roll < 0.35) {
        orgDoc.setEmployeeField(doc, id, pick(random, fields), `${device}-${i}`, now);
      } else if (roll < 0.75) {
        const notes = orgDoc.employeeNotes(orgDoc.employeesOf(doc).get(id)!);
        const token = `⟦${device}-${i}⟧`;
        // Append, so no other insert of this device splits a token; the other device's concurrent
        // inserts land between items, never inside one.
        notes.insert(notes.length, token);
        tokens.push(token);
      } else if (roll < 0.85) {
        // Delete from the shared starting text (`Notiz i: `), which both devices do concurrently.
        const notes = orgDoc.employeeNotes(orgDoc.employeesOf(doc).get(id)!);
        const start = notes.toString().indexOf(':');
        if (start > 0) notes.delete(start - 1, 1);
      } else if (roll < 0.95 || mine.length === 0) {
        const newId = `${device}-new-${i}`;
        orgDoc.insertEmployee(doc, newId, { ...orgDoc.emptyEmployeeFields, lastName: newId }, now);
        mine.push(newId);
      } else {
        orgDoc.employeesOf(doc).delete(mine.splice(Math.floor(random() * mine.length), 1)[0]!);
      }
    });
  }
  return tokens;
}

type OfflineReplica = { name: string; state: Uint8Array; tokens: string[] };

/** Syncs two devices from the server, takes them offline and lets each make its 1,000 edits. */
async function buildOfflineReplicas(site: Site): Promise<OfflineReplica[]> {
  return Promise.all(
    ['A', 'B'].map(async (name, i) => {
      const doc = new Y.Doc();
      doc.clientID = 100 + i;
      const device = connect(site, doc);
      await waitFor(() => synced(device) && orgDoc.employeesOf(doc).size === RECORDS, { what: `device ${name} to sync` });
      device.destroy();
      const tokens = editOffline(doc, name, seededRandom(1_000 + i));
      return { name, state: Y.encodeStateAsUpdate(doc), tokens };
    }),
  );
}

/** Reconnects the replicas one after another; returns the server's doc and the devices' docs. */
async function reconnectInOrder(site: Site, replicas: OfflineReplica[]): Promise<{ server: Y.Doc; devices: Y.Doc[] }> {
  const devices: NodeSyncClient[] = [];
  for (const replica of replicas) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, replica.state);
    const device = connect(site, doc);
    devices.push(device);
    const probe = await probeServer(site.server.url, site.cookie, [DOC]);
    try {
      // The server has everything this device made before the next one comes back.
      await waitFor(() => synced(device) && Y.snapshotContainsUpdate(Y.snapshot(probe.docs.get(DOC)!), replica.state), {
        timeoutMs: 30_000,
        what: `the server to hold device ${replica.name}'s edits`,
      });
    } finally {
      probe.destroy();
    }
  }
  const probe = await probeServer(site.server.url, site.cookie, [DOC]);
  clients.push(probe);
  const server = probe.docs.get(DOC)!;
  await waitFor(() => devices.every((d) => synced(d) && sameStateVector(d.doc, server)), { timeoutMs: 30_000, what: 'both devices to equal the server' });
  return { server, devices: devices.map((d) => d.doc) };
}

describe('two devices offline for a long stretch', () => {
  it('converge to the same result whichever reconnects first, and lose nothing', { timeout: 180_000 }, async () => {
    const state = startingState();
    const first = await freshSite();
    await seedSite(first, state);
    const replicas = await buildOfflineReplicas(first);
    const [a, b] = replicas as [OfflineReplica, OfflineReplica];
    expect(a.tokens.length).toBeGreaterThan(300);

    const aThenB = await reconnectInOrder(first, [a, b]);
    const second = await freshSite();
    await seedSite(second, state);
    const bThenA = await reconnectInOrder(second, [b, a]);

    for (const run of [aThenB, bThenA]) {
      for (const device of run.devices) {
        expect(sameStateVector(device, run.server)).toBe(true);
        expect(docContent(device, ROOTS)).toBe(docContent(run.server, ROOTS));
      }
      const notes = [...orgDoc.employeesOf(run.server).values()].map((m) => String(m.get('notes') ?? '')).join('\n');
      for (const token of [...a.tokens, ...b.tokens]) expect(notes).toContain(token);
    }
    expect(sameStateVector(aThenB.server, bThenA.server)).toBe(true);
    expect(docContent(aThenB.server, ROOTS)).toBe(docContent(bThenA.server, ROOTS));

    // What each database loads equals what its server sent.
    for (const [site, run] of [[first, aThenB], [second, bThenA]] as const) {
      await waitFor(async () => {
        const stored = (await loadStoredDocs(site.database.url, [DOC])).get(DOC)!;
        return sameStateVector(stored, run.server) && docContent(stored, ROOTS) === docContent(run.server, ROOTS);
      }, { timeoutMs: 20_000, intervalMs: 500, what: 'the database to hold the converged doc' });
    }
  });
});
