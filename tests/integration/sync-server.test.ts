// The sync endpoint against unmodified y-websocket clients: access, convergence, server-assigned
// employee numbers, and refusal of bad input without touching the doc.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode, orgDoc } from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const MAX_FRAME_BYTES = 64 * 1024;

let server: ServerProcess;
let dropDatabase: () => Promise<void>;
let adminCookie: string;
let readerCookie: string;
const clients: NodeSyncClient[] = [];

function client(cookie: string | null, doc = 'org'): NodeSyncClient {
  const c = connectNodeClient(server.url, doc, cookie);
  clients.push(c);
  return c;
}

async function syncedClient(cookie: string): Promise<NodeSyncClient> {
  const c = client(cookie);
  await waitFor(() => c.provider.synced, { what: 'the client to sync' });
  return c;
}

/** Opens a raw socket and resolves with the close code the server sends after `frames`. */
function closeCodeAfter(frames: Uint8Array[], path = '/sync/org', cookie: string | null = adminCookie): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + path, cookie ? { headers: { cookie } } : {});
    ws.on('open', () => frames.forEach((f) => ws.send(f)));
    ws.on('close', (code) => resolve(code));
    ws.on('error', (error) => reject(error));
  });
}

const employeesJson = (doc: Y.Doc) => JSON.stringify(orgDoc.employeesOf(doc).toJSON());

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  server = await startServerProcess({ DATABASE_URL: database.url, MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) });
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
  readerCookie = await signIn(server.url, 'mitarbeiter@muster-gmbh.de', DEMO_PASSWORD);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
  await dropDatabase?.();
});

describe('sync endpoint', () => {
  it('lets an unmodified y-websocket client with the session cookie sync the org doc', async () => {
    const c = await syncedClient(adminCookie);
    await waitFor(() => orgDoc.employeesOf(c.doc).size >= 25, { what: 'the demo employees' });
    expect(orgDoc.listDepartments(c.doc)).toHaveLength(4);
  });

  it('refuses a client without a session with 4401', async () => {
    const c = client(null);
    await waitFor(() => c.closes.includes(CloseCode.Unauthorized), { what: 'close 4401' });
    expect(c.provider.synced).toBe(false);
  });

  it('refuses an unknown or malformed doc name with 4404', async () => {
    expect(await closeCodeAfter([], '/sync/no-such-kind')).toBe(CloseCode.NotFound);
    expect(await closeCodeAfter([], '/sync/org/extra')).toBe(CloseCode.NotFound);
    expect(await closeCodeAfter([], '/sync/%E0%A4%A')).toBe(CloseCode.NotFound);
  });

  it('relays edits between two users live, merging concurrent edits of different fields', async () => {
    const a = await syncedClient(adminCookie);
    const b = await syncedClient(adminCookie);
    const id = orgDoc.listEmployees(a.doc).find((e) => e.lastName === 'Fischer')!.id;
    const now = new Date().toISOString();
    a.doc.transact(() => orgDoc.setEmployeeField(a.doc, id, 'position', 'Teamleitung Innendienst', now));
    b.doc.transact(() => orgDoc.setEmployeeField(b.doc, id, 'phone', '+49 30 999', now));
    for (const c of [a, b]) {
      await waitFor(() => {
        const e = orgDoc.readEmployee(orgDoc.employeesOf(c.doc).get(id)!);
        return e.position === 'Teamleitung Innendienst' && e.phone === '+49 30 999';
      }, { what: 'both edits on both clients' });
    }
  });

  it('lets a read-only user sync but refuses their writes with 4403 without applying them', async () => {
    const reader = await syncedClient(readerCookie);
    const before = employeesJson(reader.doc);
    const id = orgDoc.listEmployees(reader.doc)[0]!.id;
    reader.doc.transact(() => orgDoc.setEmployeeField(reader.doc, id, 'position', 'Hacked', new Date().toISOString()));
    await waitFor(() => reader.closes.includes(CloseCode.Forbidden), { what: 'close 4403' });
    reader.destroy();
    const fresh = await syncedClient(adminCookie);
    expect(employeesJson(fresh.doc)).toBe(before);
  });

  it('keeps a read-only user connected when they come back with a replica that has history', async () => {
    // A reconnecting replica answers the server's sync step 1 with its whole delete set: not a write.
    const first = await syncedClient(readerCookie);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(first.doc));
    first.destroy();
    expect(Y.decodeUpdate(Y.encodeStateAsUpdate(replica)).ds.clients.size).toBeGreaterThan(0);
    const again = connectNodeClient(server.url, 'org', readerCookie, replica);
    clients.push(again);
    await waitFor(() => again.provider.synced, { what: 'the returning reader to sync' });
    const admin = await syncedClient(adminCookie);
    const id = orgDoc.listEmployees(admin.doc)[1]!.id;
    admin.doc.transact(() => orgDoc.setEmployeeField(admin.doc, id, 'phone', '+49 30 424242', new Date().toISOString()));
    await waitFor(() => orgDoc.readEmployee(orgDoc.employeesOf(replica).get(id)!).phone === '+49 30 424242', { what: 'the reader to receive an edit' });
    expect(again.closes).toEqual([]);
  });

  it('numbers employees created offline on two devices without collision', async () => {
    const offlineA = new Y.Doc();
    const offlineB = new Y.Doc();
    const seedSync = await syncedClient(adminCookie);
    Y.applyUpdate(offlineA, Y.encodeStateAsUpdate(seedSync.doc));
    Y.applyUpdate(offlineB, Y.encodeStateAsUpdate(seedSync.doc));
    const idA = crypto.randomUUID();
    const idB = crypto.randomUUID();
    const now = new Date().toISOString();
    const fields = { ...orgDoc.emptyEmployeeFields, firstName: 'Offline', lastName: 'Neu' };
    offlineA.transact(() => orgDoc.insertEmployee(offlineA, idA, fields, now));
    offlineB.transact(() => orgDoc.insertEmployee(offlineB, idB, fields, now));
    const ca = connectNodeClient(server.url, 'org', adminCookie, offlineA);
    const cb = connectNodeClient(server.url, 'org', adminCookie, offlineB);
    clients.push(ca, cb);
    const numbers = await waitFor(() => {
      const na = orgDoc.readEmployee(orgDoc.employeesOf(offlineA).get(idA)!).number;
      const nb = orgDoc.employeesOf(offlineA).get(idB) && orgDoc.readEmployee(orgDoc.employeesOf(offlineA).get(idB)!).number;
      return na && nb ? [na, nb] : null;
    }, { what: 'both new employees to get numbers' });
    expect(numbers[0]).not.toBe(numbers[1]);
    const all = orgDoc.listEmployees(offlineA).map((e) => e.number);
    expect(new Set(all).size).toBe(all.length);
    expect(numbers.every((n) => /^MA-\d{4}$/.test(n))).toBe(true);
  });
});

describe('bad frames', () => {
  const bad: Array<[string, Uint8Array]> = [
    ['an unknown message type', new Uint8Array([42, 0])],
    ['a truncated sync message', new Uint8Array([0, 2, 30, 1, 2, 3])],
    ['a sync update that is not a Yjs update', new Uint8Array([0, 2, 5, 255, 255, 255, 255, 1])],
    ['an unknown sync sub-type', new Uint8Array([0, 9, 0])],
    ['trailing bytes after a message', new Uint8Array([3, 7])],
    ['an awareness update with broken JSON', new Uint8Array([1, 6, 1, 1, 1, 2, 123, 34])],
    ['a number that never ends', new Uint8Array([0, 255, 255, 255, 255, 255, 255, 255, 255, 255])],
    ['an empty frame', new Uint8Array([])],
  ];

  it.each(bad)('closes the socket with 4400 for %s and leaves the doc unchanged', async (_, frame) => {
    const before = await syncedClient(adminCookie);
    const state = employeesJson(before.doc);
    expect(await closeCodeAfter([frame])).toBe(CloseCode.BadMessage);
    const after = await syncedClient(adminCookie);
    expect(employeesJson(after.doc)).toBe(state);
  });

  it('closes the socket with 4413 for a frame over the size limit and still serves the next client', async () => {
    const huge = new Uint8Array(MAX_FRAME_BYTES + 10);
    expect(await closeCodeAfter([huge])).toBe(CloseCode.TooLarge);
    const next = await syncedClient(adminCookie);
    expect(orgDoc.employeesOf(next.doc).size).toBeGreaterThanOrEqual(25);
  });
});
