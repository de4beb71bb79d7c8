// The chaos run shared by `tests/integration/chaos.test.ts` (small) and `npm run chaos` (long): our
// real server on a real Postgres behind a TCP proxy, many clients editing three docs while the server is
// SIGKILLed and restarted, single clients' connections are cut, slowed or refused, some clients go
// offline and keep editing, and one client process is killed and started again from its files. At the
// end every replica must equal the server's doc and every edit anyone made must be in it.
import { docName } from '@workmate/sync-protocol';
import { createTestDatabase } from '../helpers/database.ts';
import { employeeNumberProblems } from '../helpers/employee-numbers.ts';
import { signIn, startServerProcess } from '../helpers/server-process.ts';
import { createTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import { createTestAccount } from '../helpers/test-accounts.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { DEMO_PASSWORD, demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';
import { ChaosClient } from './chaos-client.ts';
import { converge, type Replica } from './convergence.ts';
import { missingEdits, seededRandom, type Edit, type EditTargets } from './edits.ts';
import { NetworkChaos, ServerKiller } from './disruptions.ts';
import { persistedClientProcess, type PersistedClientProcess } from './persisted-client-process.ts';
import { loadStoredDocs, probeServer } from './server-view.ts';

export type ChaosOptions = {
  clients: number;
  /** The run edits for at least this long, and until every planned kill happened. */
  durationMs: number;
  kills: number;
  editIntervalMs: number;
  seed: number;
  /** How long the end may take to converge before the run counts as failed. */
  convergeTimeoutMs: number;
  log?: (line: string) => void;
  /** More participants (e.g. browsers), started once the server runs. */
  extraParticipants?: (env: ChaosEnvironment) => Promise<ChaosParticipant[]>;
};

export type ChaosEnvironment = { serverUrl: string; proxy: TcpProxy; docNames: readonly string[]; targets: EditTargets };

/** Anything that edits and keeps a replica, besides the in-process clients. */
export type ChaosParticipant = Replica & {
  readonly edits: readonly Edit[];
  stopEditing(): void;
  dispose(): Promise<void>;
};

export type ChaosSummary = {
  seed: number;
  durationMs: number;
  clients: number;
  editsMade: number;
  /** Counted edits per kind of participant (Node clients, the client process, each extra participant). */
  editsBy: Record<string, number>;
  present: number;
  lost: Edit[];
  kills: number;
  cuts: number;
  delays: number;
  refusals: number;
  offlineSpells: number;
  processRestarts: number;
  replicas: number;
  /** Replicas that did not equal the server's doc by the deadline (empty = converged). */
  mismatches: string[];
  employeeNumberProblems: string[];
};

export const chaosPassed = (s: ChaosSummary) => s.lost.length === 0 && s.mismatches.length === 0 && s.employeeNumberProblems.length === 0;

const ADMIN_EMAIL = 'admin@muster-gmbh.de';

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const targets: EditTargets = { orgEmployeeId: demoEmployeeId(5) };
  const docNames = ['org', docName({ kind: 'profile', employeeId: demoEmployeeId(6) }), docName({ kind: 'profile', employeeId: demoEmployeeId(7) })];
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const started = Date.now();

  try {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    // A flush interval well above the default leaves updates only in server memory when it is killed.
    const server = await startServerProcess({ DATABASE_URL: database.url, FLUSH_INTERVAL_MS: '700', COMPACT_AFTER_UPDATES: '40' });
    cleanups.push(() => server.stop('SIGKILL'));
    const adminCookie = await signIn(server.url, ADMIN_EMAIL, DEMO_PASSWORD);
    // Several users (an admin and HR accounts), each client its own session: separate devices.
    const hrAccounts = await Promise.all(
      [1, 2, 3].map((i) => createTestAccount(server.url, adminCookie, { email: `hr${i}@chaos.test`, name: `HR ${i}`, roles: ['hr'], employeeId: null })),
    );
    const signInClient = (i: number) => (i % 4 === 0 ? signIn(server.url, ADMIN_EMAIL, DEMO_PASSWORD) : hrAccounts[(i % 4) - 1]!.signIn());

    const proxy = createTcpProxy(server.port);
    cleanups.push(() => proxy.close());
    const clients: ChaosClient[] = [];
    cleanups.push(() => clients.forEach((c) => c.destroy()));
    for (let i = 0; i < options.clients; i++) {
      clients.push(new ChaosClient(`c${i}`, await proxy.link(`c${i}`), await signInClient(i), docNames, targets));
    }
    await waitFor(() => clients.every((c) => c.synced), { timeoutMs: 60_000, what: 'every client to sync at the start' });

    const persistedLink = await proxy.link('persisted');
    const persisted = persistedClientProcess({
      name: 'p0',
      url: persistedLink.url,
      cookie: await signInClient(1),
      docs: docNames,
      editIntervalMs: options.editIntervalMs,
      seed: options.seed,
      targets,
    });
    cleanups.push(() => persisted.dispose());
    await persisted.start();
    const extras = (await options.extraParticipants?.({ serverUrl: server.url, proxy, docNames, targets })) ?? [];
    cleanups.push(() => Promise.all(extras.map((p) => p.dispose())));
    log(`${clients.length} clients, 1 client process, ${extras.length} more participants on ${docNames.length} docs`);

    // Chaos: everybody edits; meanwhile the server dies, the network misbehaves, a device restarts.
    const editTimers = clients.map((c) => setInterval(() => c.edit(random), options.editIntervalMs * (0.5 + random())));
    const stopEditing = () => editTimers.forEach((timer) => clearInterval(timer));
    cleanups.push(stopEditing);
    const network = new NetworkChaos(random, [...clients.map((c) => ({ link: c.link, client: c })), { link: persistedLink }]);
    cleanups.push(() => network.heal());
    const killer = new ServerKiller(server, random, options.kills, options.durationMs, log);
    cleanups.push(() => killer.stop());
    const chaosStarted = Date.now();
    const restartPersisted = restartMidRun(persisted, options.durationMs * (0.3 + 0.3 * random()), log, () => killer.stopped);
    await Promise.all([killer.run(), restartPersisted, network.runUntil(() => Date.now() - chaosStarted >= options.durationMs && killer.done)]);

    // Quiet down: stop editing, heal the network, bring every device online; the server is running.
    stopEditing();
    persisted.stopEditing();
    for (const p of extras) p.stopEditing();
    await network.heal();
    log('chaos over; waiting for every replica to converge');

    const probeCookie = await signIn(server.url, ADMIN_EMAIL, DEMO_PASSWORD);
    const probe = await probeServer(server.url, probeCookie, docNames);
    cleanups.push(() => probe.destroy());
    const replicas: Replica[] = [...clients.map(inProcessReplica), persisted, ...extras];
    const mismatches = await converge(replicas, probe.docs, docNames, options.convergeTimeoutMs);
    // The database must hold the same (the server flushes within its flush interval).
    const stored = await waitFor(
      async () => {
        const docs = await loadStoredDocs(database.url, docNames);
        return (await converge([{ name: 'database', report: async () => ({ docs, synced: true }) }], probe.docs, docNames, 0)).length === 0 && docs;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the database to hold the server doc' },
    ).catch((error: Error) => {
      mismatches.push(`database: ${error.message}`);
      return null;
    });

    const made = [...clients.flatMap((c) => c.edits), ...persisted.edits, ...extras.flatMap((p) => p.edits)];
    const lost = missingEdits(made, probe.docs, targets);
    if (stored) for (const edit of missingEdits(made, stored, targets)) if (!lost.includes(edit)) lost.push(edit);
    return {
      seed: options.seed,
      durationMs: Date.now() - started,
      clients: clients.length,
      editsMade: made.length,
      editsBy: {
        'node clients': clients.reduce((n, c) => n + c.edits.length, 0),
        'client process': persisted.edits.length,
        ...Object.fromEntries(extras.map((p) => [p.name, p.edits.length])),
      },
      present: made.length - lost.length,
      lost,
      kills: killer.kills,
      ...network.counts,
      processRestarts: persisted.starts - 1,
      replicas: replicas.length,
      mismatches,
      employeeNumberProblems: employeeNumberProblems(probe.docs.get('org')!),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await (async () => cleanup())().catch(() => undefined);
  }
}

function inProcessReplica(client: ChaosClient): Replica {
  return { name: client.name, report: async () => ({ docs: client.docs, synced: client.synced }) };
}

/** SIGKILLs the client process after `afterMs` and starts it again from its files a moment later. */
async function restartMidRun(
  persisted: PersistedClientProcess,
  afterMs: number,
  log: (line: string) => void,
  tornDown: () => boolean,
): Promise<void> {
  await new Promise((r) => setTimeout(r, afterMs));
  if (tornDown()) return;
  await persisted.kill();
  log(`client process ${persisted.name} killed after ${persisted.edits.length} edits`);
  await new Promise((r) => setTimeout(r, 1_000));
  if (tornDown()) return;
  await persisted.start();
  log(`client process ${persisted.name} started again from its files`);
}
