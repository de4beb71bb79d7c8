// `npm run bench [-- <parts…>] [--quick] [--rounds=N] [--clients=N,…] [--targets=<kinds>] [--cpu-prof] [--no-save]`: measures the sync engine and its peers on this
// machine, prints tables, checks the issue-5 goals and writes bench/results/<YYYY-MM-DD>.json (each part's
// figures with the commit and time they were measured at). Parts: latency, idle, load, bytes, js, cross (all
// when none is named). Missed goals are reported, never a failure; a part that throws fails the run (exit
// code 1, its error printed) while the other parts still run and print.
import { resolve } from 'node:path';
import { measureCrossInstance, type CrossResult, type CrossVariant } from './cross-instance.ts';
import type { DocLoadResult } from './doc-load.ts';
import { measureDocLoads } from './doc-load.ts';
import { evaluateGoals, goalRows } from './goals.ts';
import { measureIdleMemory, type IdleMemoryResult } from './idle-memory.ts';
import { measureInitialJs, type InitialJsResult } from './initial-js.ts';
import { CLIENT_THREADS, runLatency, scenarioName, type LatencyResult, type LatencyScenario } from './latency.ts';
import { mergedWithToday, newResults, PART_NAMES, saveResults, type PartName } from './results.ts';
import { exitCodeFor, failureSummary, runParts, type PartRunners } from './run-parts.ts';
import { measureStorageBytes, type StorageBytesResult } from './storage-bytes.ts';
import { printTable, type Cell } from './table.ts';
import { ALL_TARGETS, startTarget, startWorkmate, type StartOptions, type Target, type TargetKind } from './targets.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
/**
 * Latency rounds per scenario and server, interleaved (the servers take turns, in a rotating order): one
 * 10 s run's p99 moves by several milliseconds with whatever else the machine does, so each server's row
 * is its median round by p99, with every round's p99 beside it.
 */
const rounds = Number(args.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? (quick ? 1 : 3));
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) {
  console.error('--rounds must be a whole number from 1 to 20');
  process.exit(2);
}
const targetsArg = args.find((a) => a.startsWith('--targets='))?.slice('--targets='.length);
const targetKinds = (targetsArg ? targetsArg.split(',') : ALL_TARGETS) as TargetKind[];
if (args.includes('--cpu-prof')) process.env.BENCH_CPU_PROF_DIR = resolve(import.meta.dirname, '../../bench/profiles');
// Every y-websocket provider in Node adds a process 'exit' listener; a hundred clients are expected here.
process.setMaxListeners(0);
const named = args.filter((a) => !a.startsWith('--'));
for (const name of named) {
  if (!PART_NAMES.includes(name as PartName)) {
    console.error(`Unknown part "${name}". Choose from: ${PART_NAMES.join(', ')} (or none for all), plus --quick and --targets=${ALL_TARGETS.join(',')}`);
    process.exit(2);
  }
}
for (const kind of targetKinds) {
  if (!ALL_TARGETS.includes(kind)) {
    console.error(`Unknown target "${kind}" in --targets. Known: ${ALL_TARGETS.join(', ')}`);
    process.exit(2);
  }
}
const parts = named.length > 0 ? (named as PartName[]) : [...PART_NAMES];

const ALL_SCENARIOS: LatencyScenario[] = [
  { clients: 20, writers: 4, rateHz: 20, editsPerWriter: quick ? 60 : 200 },
  { clients: 50, writers: 5, rateHz: 40, editsPerWriter: quick ? 100 : 400 },
  { clients: 100, writers: 10, rateHz: 40, editsPerWriter: quick ? 100 : 400 },
];
/** `--clients=50,100`: only the latency scenarios with these client counts. */
const clientsArg = args.find((a) => a.startsWith('--clients='))?.slice('--clients='.length);
const SCENARIOS = clientsArg ? ALL_SCENARIOS.filter((s) => clientsArg.split(',').map(Number).includes(s.clients)) : ALL_SCENARIOS;
if (SCENARIOS.length === 0) {
  console.error(`--clients matches no scenario; choose from ${ALL_SCENARIOS.map((s) => s.clients).join(', ')}`);
  process.exit(2);
}
const IDLE_SOCKETS = quick ? 2_000 : 10_000;
const IDLE_DOCS = 200;
const IDLE_TARGETS: TargetKind[] = ['workmate', 'y-websocket-server', 'hocuspocus'];
const HISTORY_SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
const TYPING_EDITS = quick ? 200 : 1_000;
const TYPING_RATE_HZ = 10;
const CROSS_VARIANTS: CrossVariant[] = ['postgres', 'redis'];

async function withTarget<T>(kind: TargetKind, work: (target: Target) => Promise<T>, options: StartOptions = {}): Promise<T> {
  const target = await startTarget(kind, options);
  try {
    return await work(target);
  } finally {
    await target.stop();
  }
}

const ratio = (ours: number | undefined, theirs: number) => (ours === undefined ? null : ours / theirs);

async function latencyPart(): Promise<LatencyResult[]> {
  const latency: LatencyResult[] = [];
  for (const scenario of SCENARIOS) {
    const byKind = new Map<TargetKind, LatencyResult[]>(targetKinds.map((kind) => [kind, []]));
    for (let round = 0; round < rounds; round++) {
      const order = targetKinds.map((_, i) => targetKinds[(i + round) % targetKinds.length]!);
      for (const kind of order) {
        console.log(`latency ${scenarioName(scenario)} on ${kind} (round ${round + 1} of ${rounds}) …`);
        byKind.get(kind)!.push(await withTarget(kind, (t) => runLatency({ writers: t, readers: t }, scenario)));
      }
    }
    const rows = targetKinds.map((kind) => medianRound(byKind.get(kind)!));
    latency.push(...rows);
    const ours = rows.find((r) => r.target.startsWith('Workmate'));
    printTable(
      `Latency ${scenarioName(scenario)} (clients/writers/rate), ${scenario.writers * scenario.editsPerWriter} edits`,
      ['server', 'p50 ms', 'p90 ms', 'p99 ms', 'p99 of each round', 'max ms', 'applied p99 ms', 'warm-up p99', 'deliveries/s', 'lost', 'converged', 'client loop p99 ms', 'server CPU ms/1k', 'ours÷this p50', 'ours÷this p99'],
      rows.map((r): Cell[] => [
        r.target, r.p50, r.p90, r.p99, (r.p99Rounds ?? [r.p99]).join(' / '), r.max, r.appliedP99, r.warmUpP99, r.deliveredPerSec, r.lost, r.converged, r.clientLoopDelayP99, r.serverCpuMsPer1000,
        ratio(ours?.p50, r.p50), ratio(ours?.p99, r.p99),
      ]),
    );
  }
  return latency;
}

/** The round with the median p99 (the lower middle one for an even count), carrying every round's p99. */
function medianRound(runs: LatencyResult[]): LatencyResult {
  const sorted = [...runs].sort((a, b) => a.p99 - b.p99);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { ...middle, p99Rounds: runs.map((r) => r.p99), lost: Math.max(...runs.map((r) => r.lost)), converged: runs.every((r) => r.converged) };
}

async function idlePart(): Promise<IdleMemoryResult[]> {
  const idle: IdleMemoryResult[] = [];
  for (const kind of IDLE_TARGETS.filter((k) => targetKinds.includes(k))) {
    console.log(`idle memory: ${IDLE_SOCKETS} sockets over ${IDLE_DOCS} docs on ${kind} …`);
    idle.push(await withTarget(kind, (t) => measureIdleMemory(t, IDLE_SOCKETS, IDLE_DOCS), { inspect: true }));
  }
  const ours = idle.find((r) => r.target.startsWith('Workmate'));
  printTable(
    `Idle sockets: ${IDLE_SOCKETS} authenticated, synced sockets over ${IDLE_DOCS} docs`,
    ['server', 'RSS before MB', 'RSS after MB', 'growth MB', 'RSS bytes/socket', 'JS heap bytes/socket', 'open s', 'ours÷this RSS', 'ours÷this heap'],
    idle.map((r): Cell[] => [
      r.target, r.rssBeforeMB, r.rssAfterMB, r.growthMB, r.bytesPerSocket, r.heapBytesPerSocket, r.openSeconds,
      ratio(ours?.bytesPerSocket, r.bytesPerSocket), ratio(ours?.heapBytesPerSocket, r.heapBytesPerSocket),
    ]),
  );
  return idle;
}

async function loadPart(): Promise<DocLoadResult[]> {
  console.log(`doc loads: histories of ${HISTORY_SIZES.join(', ')} updates …`);
  const target = await startWorkmate();
  let load: DocLoadResult[];
  try {
    load = await measureDocLoads(target, HISTORY_SIZES);
  } finally {
    await target.stop();
  }
  const base = load[0]!;
  printTable(
    'Doc load time by length of history (snapshot + 250 later updates)',
    ['updates', 'state bytes', 'store read ms', 'apply ms', 'first sync ms', 'read ÷ 1k', 'apply ÷ 1k', 'sync ÷ 1k'],
    load.map((r): Cell[] => [
      r.updates, r.stateBytes, r.storeLoadMs, r.applyMs, r.firstSyncMs,
      r.storeLoadMs / base.storeLoadMs, r.applyMs / base.applyMs, r.firstSyncMs / base.firstSyncMs,
    ]),
  );
  return load;
}

async function bytesPart(): Promise<StorageBytesResult> {
  console.log(`storage: ${TYPING_EDITS} edits typed at ${TYPING_RATE_HZ}/s …`);
  const target = await startWorkmate();
  let b: StorageBytesResult;
  try {
    b = await measureStorageBytes(target, TYPING_EDITS, TYPING_RATE_HZ);
  } finally {
    await target.stop();
  }
  printTable(
    `Postgres bytes per 1,000 edits (${b.edits} single-character edits at ${b.rateHz}/s, default flush interval)`,
    ['rows written', 'stored bytes / 1000 edits', 'disk bytes / 1000 edits'],
    [[b.rowsWritten, b.storedBytesPer1000, b.diskBytesPer1000]],
  );
  return b;
}

async function jsPart(): Promise<InitialJsResult> {
  const j = measureInitialJs();
  printTable('Initial JavaScript of the app shell (build/)', ['files', 'raw KB', 'gzip KB'], [[j.files, j.rawBytes / 1024, j.gzipBytes / 1024]]);
  return j;
}

/** Both fan-out variants run even when one fails; a failed variant fails the part after the table of the others. */
async function crossPart(): Promise<CrossResult[]> {
  const scenario: LatencyScenario = { clients: 20, writers: 4, rateHz: 20, editsPerWriter: quick ? 60 : 200 };
  const cross: CrossResult[] = [];
  const failed: { variant: CrossVariant; message: string }[] = [];
  for (const variant of CROSS_VARIANTS) {
    console.log(`cross-instance (${variant}) ${scenarioName(scenario)} …`);
    try {
      cross.push(await measureCrossInstance(variant, scenario));
    } catch (error) {
      failed.push({ variant, message: (error as Error).message.split('\n')[0]! });
      console.error(`\ncross-instance (${variant}) FAILED: ${(error as Error).stack ?? error}`);
    }
  }
  printTable(
    `Cross-instance ${scenarioName(scenario)}: writers on A, readers on B${failed.length > 0 ? ` (failed: ${failed.map((f) => f.variant).join(', ')})` : ''}`,
    ['fan-out', 'same p50', 'same p99', 'cross p50', 'cross p99', 'p50 ratio', 'p99 ratio', 'lost', 'converged'],
    cross.map((c): Cell[] => [
      c.variant, c.sameInstance.p50, c.sameInstance.p99, c.crossInstance.p50, c.crossInstance.p99, c.p50Ratio, c.p99Ratio, c.crossInstance.lost, c.crossInstance.converged,
    ]),
  );
  if (failed.length > 0) throw new Error(failed.map((f) => `cross-instance (${f.variant}): ${f.message}`).join('; '));
  return cross;
}

const runners: PartRunners = {
  latency: latencyPart,
  idle: idlePart,
  load: loadPart,
  bytes: bytesPart,
  js: jsPart,
  cross: crossPart,
};

const results = newResults(quick);
console.log(
  `Benchmark${quick ? ' (quick)' : ''} at ${results.commit}: ${parts.join(', ')} — servers run as child processes, clients in this process ` +
    `(latency clients in ${CLIENT_THREADS} worker threads). Load average now: ${results.machine.loadAverageAtStart.join(' ')} ` +
    '(anything else running on this machine skews the figures).',
);
const failures = await runParts(parts, runners, results);
// Goals are judged on today's figures: this run plus the parts an earlier run of today measured, each
// labelled with the run it comes from.
const merged = mergedWithToday(results);
merged.goals = evaluateGoals(merged);
printTable(
  `Goals (2-core machine, persistence on; today's figures — "from" says which run measured them)`,
  ['goal', 'measured', 'status', 'from'],
  goalRows(merged.goals, results),
);
console.log(
  '\nNotes: Hocuspocus speaks its own framing; its clients are the same y-websocket providers behind a small\n' +
    'adapter (tests/bench/hocuspocus-framing.ts) that adds the doc name and an empty auth token. Hocuspocus stores\n' +
    'the whole doc debounced (2 s, at the latest 10 s); ours appends every update within FLUSH_INTERVAL_MS (200 ms).',
);
if (args.includes('--no-save')) console.log('\n--no-save: results not written.');
else console.log(`\nResults written to ${saveResults(merged)}`);
if (failures.length > 0) console.error(failureSummary(failures));
process.exit(exitCodeFor(failures));
