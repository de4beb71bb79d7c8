// Fuzzing the sync websocket of the real server process on a real Postgres: many sockets, each sending
// one random bad frame (random bytes, mutated real frames, unknown types, huge claimed sizes) and then a
// valid sync step 1. Each socket is either closed with a named close code or still answers the step 1;
// the server keeps answering /healthz; the stored org doc does not change; a read-only user's writes are
// refused with 4403 and never stored; memory does not grow with the number of bad frames; and a socket
// can only touch the awareness states it owns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, orgDoc } from '@workmate/sync-protocol';
import { badFrame, concatBytes, emptySyncStep1, encodeFrame, mutatedFrame, validClientFrames, varUint } from '../helpers/bad-frames.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { metricsUrlOf, scrapeMetrics } from '../helpers/metrics.ts';
import { connectNodeClient } from '../helpers/node-sync-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { decodeClientFrame } from '../../sync-server/src/sync/client-frame.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const MAX_FRAME_BYTES = 64 * 1024;
/** Every code a bad frame may close a socket with. */
const ALLOWED_CLOSE_CODES = [CloseCode.BadMessage, CloseCode.Forbidden, CloseCode.TooLarge];

let database: TestDatabase;
let db: pg.Pool;
let server: ServerProcess;
let metricsUrl: string;
let adminCookie: string;
/** mitarbeiter@: may read the org doc, not write it. */
let readerCookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url, MAX_FRAME_BYTES: String(MAX_FRAME_BYTES), METRICS_PORT: '0', LOG_LEVEL: 'info' });
  metricsUrl = await metricsUrlOf(server);
  db = new pg.Pool({ connectionString: database.url, max: 2 });
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
  readerCookie = await signIn(server.url, 'mitarbeiter@muster-gmbh.de', DEMO_PASSWORD);
});

afterAll(async () => {
  await db?.end();
  await server?.stop();
  await database?.drop();
});

type Outcome = { kind: 'closed'; code: number } | { kind: 'answered' };

/** Reads a server frame's message type and, for sync messages, its sub-type. */
function kindOf(bytes: Uint8Array): string {
  const d = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(d);
  return type === 0 ? `sync-${decoding.readVarUint(d)}` : String(type);
}

/**
 * Opens /sync/<doc>, sends `frames` and then a valid sync step 1: "answered" when the server replies
 * with sync step 2 (the socket is healthy), else the close code.
 */
function probe(cookie: string, frames: Uint8Array[], doc = 'org'): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/${doc}`, { headers: { cookie } });
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
      ws.terminate();
    };
    ws.on('open', () => {
      for (const frame of frames) ws.send(frame);
      ws.send(emptySyncStep1());
    });
    ws.on('message', (data: Buffer) => {
      if (kindOf(new Uint8Array(data)) === 'sync-1') settle({ kind: 'answered' });
    });
    ws.on('close', (code) => settle({ kind: 'closed', code }));
    ws.on('error', (error) => {
      if (!settled) reject(error);
    });
  });
}

function expectClosedWithNamedCodeOrHealthy(outcome: Outcome, frame: Uint8Array): void {
  if (outcome.kind === 'closed' && !ALLOWED_CLOSE_CODES.includes(outcome.code as (typeof ALLOWED_CLOSE_CODES)[number])) {
    throw new Error(`closed with ${outcome.code} after [${[...frame.subarray(0, 64)].join(',')}${frame.length > 64 ? ',…' : ''}]`);
  }
}

/** True if the frame is a well-formed update that would add content or deletions: a legitimate write. */
function isRealWrite(frame: Uint8Array): boolean {
  try {
    const decoded = decodeClientFrame(frame);
    if (decoded.type !== 'sync-update' && decoded.type !== 'sync-step2') return false;
    const { structs, ds } = Y.decodeUpdate(decoded.update);
    return structs.length > 0 || ds.clients.size > 0;
  } catch {
    return false;
  }
}

async function storedOrg(): Promise<{ rows: number; snapshots: number }> {
  const { rows } = await db.query<{ rows: number; snapshots: number }>(
    `SELECT (SELECT count(*)::int FROM doc_updates WHERE doc = 'org') AS rows,
            (SELECT count(*)::int FROM doc_snapshots WHERE doc = 'org') AS snapshots`,
  );
  return rows[0]!;
}

/** The org doc as a fresh client receives it: its state vector and its employees. */
async function orgAsFreshClientSeesIt(): Promise<{ stateVector: string; employees: string }> {
  const client = connectNodeClient(server.url, 'org', adminCookie);
  try {
    await waitFor(() => client.provider.synced, { what: 'a fresh client to sync', timeoutMs: 20_000 });
    return {
      stateVector: Buffer.from(Y.encodeStateVector(client.doc)).toString('base64'),
      employees: JSON.stringify(orgDoc.employeesOf(client.doc).toJSON()),
    };
  } finally {
    client.destroy();
  }
}

async function runInParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

describe('bad frames on the sync socket', () => {
  let before: { stored: { rows: number; snapshots: number }; doc: { stateVector: string; employees: string } };

  beforeAll(async () => {
    before = { stored: await storedOrg(), doc: await orgAsFreshClientSeesIt() };
  });

  it('from a read-only user: each socket closes with a named code or stays healthy', async () => {
    await fc.assert(
      fc.asyncProperty(badFrame(), async (frame) => expectClosedWithNamedCodeOrHealthy(await probe(readerCookie, [frame]), frame)),
      { numRuns: 150 },
    );
  });

  it('from a writer: each socket closes with a named code or stays healthy', async () => {
    await fc.assert(
      fc.asyncProperty(
        badFrame().filter((frame) => !isRealWrite(frame)),
        async (frame) => expectClosedWithNamedCodeOrHealthy(await probe(adminCookie, [frame]), frame),
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a frame over MAX_FRAME_BYTES with 4413', async () => {
    const big = concatBytes(varUint(0), varUint(2), varUint(MAX_FRAME_BYTES), new Uint8Array(MAX_FRAME_BYTES));
    expect(await probe(adminCookie, [big])).toEqual({ kind: 'closed', code: CloseCode.TooLarge });
  });

  it("refuses a read-only user's valid updates with 4403", async () => {
    const realUpdates = fc.sample(mutatedFrame().filter(isRealWrite), { numRuns: 20 });
    const [, , plainUpdate] = validClientFrames();
    for (const frame of [plainUpdate!, ...realUpdates]) {
      const outcome = await probe(readerCookie, [frame]);
      // A mutation can make an update depend on content nobody has: Yjs parks it as pending, which changes nothing.
      if (outcome.kind === 'closed') expect(outcome.code).toBe(CloseCode.Forbidden);
    }
    expect(await probe(readerCookie, [plainUpdate!])).toEqual({ kind: 'closed', code: CloseCode.Forbidden });
  });

  it('leaves the process up, the stored doc unchanged and no socket behind', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await waitFor(async () => (await scrapeMetrics(metricsUrl)).get('workmate_persistence_queue_depth') === 0, { what: 'nothing left to store' });
    expect(await storedOrg()).toEqual(before.stored);
    expect(await orgAsFreshClientSeesIt()).toEqual(before.doc);
    await waitFor(async () => (await scrapeMetrics(metricsUrl)).get('workmate_connected_sockets') === 0, { what: 'every socket to be gone' });
  });

  it('does not grow memory with the number of bad frames', async () => {
    const frames = fc.sample(badFrame().filter((frame) => !isRealWrite(frame)), { numRuns: 150 });
    const rss = async () => (await scrapeMetrics(metricsUrl)).get('process_resident_memory_bytes');
    const send = (frame: Uint8Array) => probe(adminCookie, [frame]).then(() => undefined);
    // A first round warms up every code path (and V8's heap), so the later rounds compare like with like.
    await runInParallel(frames, 6, send);
    const afterN = await rss();
    await runInParallel(frames, 6, send);
    await runInParallel(frames, 6, send);
    const after3N = await rss();
    // A leak per frame would add the same again each round; allow GC noise, not growth in step with the frames.
    expect(after3N - afterN).toBeLessThan(48 * 1024 * 1024);
  });
});

describe('awareness ownership', () => {
  type Peer = { ws: WebSocket; awareness: awarenessProtocol.Awareness; closes: number[] };

  /** A raw socket that applies every awareness frame it receives to a local Awareness, to see what others see. */
  async function peer(cookie: string): Promise<Peer> {
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/org`, { headers: { cookie } });
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState(null);
    const closes: number[] = [];
    let joined = false;
    ws.on('message', (data: Buffer) => {
      joined = true;
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) === 1) awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(d), 'server');
    });
    ws.on('close', (code) => closes.push(code));
    await waitFor(() => joined, { what: 'the socket to join' });
    return { ws, awareness, closes };
  }

  const awarenessFrame = (entries: Array<{ id: number; clock: number; state: unknown }>) =>
    encodeFrame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        encodeFrame((inner) => {
          encoding.writeVarUint(inner, entries.length);
          for (const { id, clock, state } of entries) {
            encoding.writeVarUint(inner, id);
            encoding.writeVarUint(inner, clock);
            encoding.writeVarString(inner, JSON.stringify(state));
          }
        }),
      );
    });

  it("ignores a socket's attempts to change or remove another user's awareness state, and removes a socket's states when it leaves", async () => {
    const anna = await peer(adminCookie);
    const mallory = await peer(readerCookie);
    const observer = await peer(adminCookie);
    anna.ws.send(awarenessFrame([{ id: 1001, clock: 1, state: { user: { name: 'Anna' } } }]));
    await waitFor(() => observer.awareness.getStates().get(1001), { what: "Anna's state to arrive" });

    mallory.ws.send(awarenessFrame([{ id: 1001, clock: 5, state: { user: { name: 'Not Anna' } } }]));
    mallory.ws.send(awarenessFrame([{ id: 1001, clock: 6, state: null }]));
    mallory.ws.send(awarenessFrame([{ id: 2002, clock: 1, state: { user: { name: 'Mallory' } } }]));
    await waitFor(() => observer.awareness.getStates().get(2002), { what: "Mallory's own state to arrive" });
    // The server stamps the socket's own user into each state (awareness-identity.ts): the name is Anna Admin's.
    expect(observer.awareness.getStates().get(1001)).toMatchObject({ user: { name: 'Anna Admin' } });
    expect(mallory.closes).toEqual([]);

    mallory.ws.close();
    await waitFor(() => !observer.awareness.getStates().has(2002), { what: "Mallory's state to be removed when she leaves" });
    anna.ws.close();
    await waitFor(() => !observer.awareness.getStates().has(1001), { what: "Anna's state to be removed when she leaves" });
    observer.ws.close();
  });

  it('binds at most 16 awareness ids to one socket', async () => {
    const flood = await peer(readerCookie);
    const observer = await peer(adminCookie);
    flood.ws.send(awarenessFrame(Array.from({ length: 40 }, (_, i) => ({ id: 5000 + i, clock: 1, state: { n: i } }))));
    await waitFor(() => observer.awareness.getStates().size >= 16, { what: 'the flood to arrive' });
    // A later frame cannot add more either; the query answer lists every state the server holds.
    flood.ws.send(awarenessFrame([{ id: 6000, clock: 1, state: { n: 'late' } }]));
    observer.ws.send(encodeFrame((e) => encoding.writeVarUint(e, 3)));
    await waitFor(async () => {
      const fresh = await peer(adminCookie);
      const count = [...fresh.awareness.getStates().keys()].filter((id) => id >= 5000).length;
      fresh.ws.close();
      return count === 16;
    }, { what: 'a new socket to see exactly 16 of the flooding socket’s ids' });
    flood.ws.close();
    observer.ws.close();
  });
});

