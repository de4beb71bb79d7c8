// The servers under test, each in a child process of its own so the benchmark's clients never share
// its event loop: our server on a fresh database (signed in as the demo admin), @y/websocket-server in
// memory, and @hocuspocus/server in memory and with its database extension on Postgres.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn, startServerProcess } from '../helpers/server-process.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { collectGarbage, inspectorUrl } from './inspector-gc.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

export type TargetKind = 'workmate' | 'y-websocket-server' | 'hocuspocus' | 'hocuspocus-pg';

export const TARGET_LABELS: Record<TargetKind, string> = {
  workmate: 'Workmate (Postgres)',
  'y-websocket-server': '@y/websocket-server (memory)',
  hocuspocus: 'Hocuspocus (memory)',
  'hocuspocus-pg': 'Hocuspocus (Postgres)',
};

export type Target = {
  kind: TargetKind;
  label: string;
  pid: number;
  httpUrl: string;
  /** How the client frames messages: plain y-websocket, or Hocuspocus (doc name before every message). */
  framing: 'y-websocket' | 'hocuspocus';
  /** Session cookie our server requires; null for the peers (they check nothing). */
  cookie: string | null;
  /** Postgres URL the target stores to, if any. */
  databaseUrl: string | null;
  /** The websocket URL a client opens for a doc. */
  docUrl(doc: string): string;
  /** The `serverUrl` a y-websocket WebsocketProvider gets (it appends `/<doc>`). */
  providerBase: string;
  /** Forces a full GC in the server process and returns its JS heap in use; only for targets started with `inspect`. */
  collectGarbage(): Promise<number>;
  stop(): Promise<void>;
};

const root = resolve(import.meta.dirname, '../..');

export type StartOptions = {
  /** Start the process with its inspector open so the benchmark can force a GC before reading RSS. */
  inspect?: boolean;
};

const INSPECT_ARGS = ['--inspect=127.0.0.1:0'];

function gcThrough(output: () => string): () => Promise<number> {
  return async () => {
    const url = inspectorUrl(output());
    if (!url) throw new Error('the server was not started with its inspector open (StartOptions.inspect)');
    return collectGarbage(url);
  };
}

export type WorkmateOptions = StartOptions & {
  /** Reuse this database instead of creating one (cross-instance runs share one). */
  database?: TestDatabase;
  env?: Record<string, string>;
  email?: string;
};

export async function startWorkmate({ database, env = {}, email = 'admin@muster-gmbh.de', inspect = false }: WorkmateOptions = {}): Promise<Target> {
  const owned = database ? null : await createTestDatabase();
  const db = database ?? owned!;
  // `--cpu-prof` on run.ts: each of our server processes writes a V8 CPU profile when it stops.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(inspect ? INSPECT_ARGS : [])];
  const server = await startServerProcess({ DATABASE_URL: db.url, LOG_LEVEL: 'error', ...env }, { nodeArgs });
  const cookie = await signIn(server.url, email, DEMO_PASSWORD);
  const wsBase = server.url.replace(/^http/, 'ws').replace('localhost', '127.0.0.1');
  return {
    kind: 'workmate',
    label: TARGET_LABELS.workmate,
    pid: server.pid,
    httpUrl: server.url,
    framing: 'y-websocket',
    cookie,
    databaseUrl: db.url,
    docUrl: (doc) => `${wsBase}/sync/${doc}`,
    providerBase: `${wsBase}/sync`,
    collectGarbage: gcThrough(() => server.output()),
    async stop() {
      await server.stop();
      await owned?.drop();
    },
  };
}

/** Starts a peer server script from tests/bench/peers and waits for the port it announces. */
async function startPeer(
  kind: Exclude<TargetKind, 'workmate'>,
  script: string,
  { inspect = false }: StartOptions,
  env: Record<string, string> = {},
  database: TestDatabase | null = null,
): Promise<Target> {
  const child = spawn(process.execPath, [...(inspect ? INSPECT_ARGS : []), '--import', 'tsx', resolve(import.meta.dirname, 'peers', script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited = false;
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.once('exit', () => (exited = true));
  const port = await waitFor(
    () => {
      if (exited) throw new Error(`${kind} exited during start:\n${out}`);
      return /peer listening on (\d+)/.exec(out)?.[1];
    },
    { timeoutMs: 60_000, what: `${kind} to start` },
  );
  const base = `ws://127.0.0.1:${port}`;
  return {
    kind,
    label: TARGET_LABELS[kind],
    pid: child.pid!,
    httpUrl: `http://127.0.0.1:${port}`,
    framing: kind === 'y-websocket-server' ? 'y-websocket' : 'hocuspocus',
    cookie: null,
    databaseUrl: database?.url ?? null,
    // Hocuspocus ignores the path (the doc name travels in every message); y-websocket-server uses it.
    docUrl: (doc) => `${base}/${doc}`,
    providerBase: base,
    collectGarbage: gcThrough(() => out),
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      await database?.drop();
    },
  };
}

export async function startTarget(kind: TargetKind, options: StartOptions = {}): Promise<Target> {
  switch (kind) {
    case 'workmate':
      return startWorkmate(options);
    case 'y-websocket-server':
      return startPeer(kind, 'y-websocket-server.ts', options);
    case 'hocuspocus':
      return startPeer(kind, 'hocuspocus-server.ts', options);
    case 'hocuspocus-pg': {
      const database = await createTestDatabase();
      return startPeer(kind, 'hocuspocus-server.ts', options, { BENCH_PG_URL: database.url }, database);
    }
  }
}

export const ALL_TARGETS: TargetKind[] = ['workmate', 'y-websocket-server', 'hocuspocus', 'hocuspocus-pg'];
