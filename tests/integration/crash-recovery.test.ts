// Nothing typed is lost when the server dies: clients keep their own copy and re-send what the server
// had not stored through the normal sync handshake when it is back. Also: graceful shutdown flushes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { orgDoc } from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

let databaseUrl: string;
let dropDatabase: () => Promise<void>;
const clients: NodeSyncClient[] = [];

beforeAll(async () => {
  const database = await createTestDatabase();
  databaseUrl = database.url;
  dropDatabase = database.drop;
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await dropDatabase?.();
});

const notesOf = (doc: Y.Doc, id: string) => orgDoc.employeeNotes(orgDoc.employeesOf(doc).get(id)!).toString();

/** Appends a line to an employee's notes, as typing into the notes field does. */
function type(c: NodeSyncClient, id: string, line: string) {
  c.doc.transact(() => {
    const notes = orgDoc.employeeNotes(orgDoc.employeesOf(c.doc).get(id)!);
    notes.insert(notes.length, line + '\n');
  });
}

describe('server crash', () => {
  let server: ServerProcess;
  afterAll(() => server?.stop());

  it('loses no edit made before, during or after a SIGKILL of the server', async () => {
    // A long flush interval makes sure some edits are only in server memory when it is killed.
    server = await startServerProcess({ DATABASE_URL: databaseUrl, FLUSH_INTERVAL_MS: '3000' });
    const cookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
    const a = connectNodeClient(server.url, 'org', cookie);
    const b = connectNodeClient(server.url, 'org', cookie);
    clients.push(a, b);
    await waitFor(() => a.provider.synced && b.provider.synced, { what: 'both clients to sync' });
    const id = orgDoc.listEmployees(a.doc).find((e) => e.lastName === 'Mustermann')!.id;

    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      type(a, id, `a-before-${i}`);
      type(b, id, `b-before-${i}`);
      expected.push(`a-before-${i}`, `b-before-${i}`);
    }
    await waitFor(() => expected.every((line) => notesOf(a.doc, id).includes(line) && notesOf(b.doc, id).includes(line)), {
      what: 'the edits to reach both clients',
    });

    expect(await server.stop('SIGKILL')).toBeNull();
    await waitFor(() => !a.provider.wsconnected && !b.provider.wsconnected, { what: 'clients to notice the outage' });
    for (let i = 0; i < 3; i++) {
      type(a, id, `a-during-${i}`);
      type(b, id, `b-during-${i}`);
      expected.push(`a-during-${i}`, `b-during-${i}`);
    }

    await server.restart();
    await waitFor(() => a.provider.synced && b.provider.synced && a.provider.wsconnected && b.provider.wsconnected, {
      timeoutMs: 20_000,
      what: 'clients to reconnect',
    });
    type(a, id, 'a-after');
    type(b, id, 'b-after');
    expected.push('a-after', 'b-after');

    for (const c of [a, b]) {
      await waitFor(() => expected.every((line) => notesOf(c.doc, id).includes(line)), {
        timeoutMs: 20_000,
        what: 'every edit on every client',
      });
    }
    // The server's own copy: what a brand-new client gets after another hard restart.
    await waitFor(async () => {
      const probe = connectNodeClient(server.url, 'org', cookie);
      try {
        await waitFor(() => probe.provider.synced, { what: 'probe to sync' });
        return expected.every((line) => notesOf(probe.doc, id).includes(line));
      } finally {
        probe.destroy();
      }
    }, { timeoutMs: 20_000, what: 'the server to hold every edit' });
    a.destroy();
    b.destroy();
    await server.stop('SIGTERM');
    await server.restart();
    const probe = connectNodeClient(server.url, 'org', cookie);
    clients.push(probe);
    await waitFor(() => probe.provider.synced, { what: 'probe to sync after restart' });
    for (const line of expected) expect(notesOf(probe.doc, id)).toContain(line);
  });
});

describe('graceful shutdown', () => {
  it('flushes pending doc writes and exits 0 on SIGTERM', async () => {
    const server = await startServerProcess({ DATABASE_URL: databaseUrl, FLUSH_INTERVAL_MS: '10000' });
    const cookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
    const a = connectNodeClient(server.url, 'org', cookie);
    clients.push(a);
    await waitFor(() => a.provider.synced, { what: 'client to sync' });
    const id = orgDoc.listEmployees(a.doc)[0]!.id;
    const observer = connectNodeClient(server.url, 'org', cookie);
    clients.push(observer);
    await waitFor(() => observer.provider.synced, { what: 'observer to sync' });
    type(a, id, 'written-just-before-shutdown');
    // Once another client has it, the server has it in memory (but not yet stored: flush is 10 s away).
    await waitFor(() => notesOf(observer.doc, id).includes('written-just-before-shutdown'), { what: 'relay' });
    a.destroy();
    observer.destroy();
    expect(await server.stop('SIGTERM')).toBe(0);

    await server.restart();
    const probe = connectNodeClient(server.url, 'org', cookie);
    clients.push(probe);
    await waitFor(() => probe.provider.synced, { what: 'probe to sync' });
    expect(notesOf(probe.doc, id)).toContain('written-just-before-shutdown');
    await server.stop();
  });
});
