// Sync latency and throughput: N clients on one doc, W of them writing R edits/s each (one map set per
// edit, valued with its send time). Every other client records edit → remote arrival. Afterwards: which
// edits some client never got, and whether every replica equals what a fresh client syncs from the
// server (state vector and content). Latency percentiles leave out the first second of edits (warm-up,
// reported on its own). The clients run in worker threads (round-robin), so a hundred
// replicas applying every update do not queue up behind one event loop and pass for server latency;
// arrival is when a client reads the frame, before it applies it (arrival-stamps.ts), with the time
// until applied reported beside it.
import { Worker } from 'node:worker_threads';
import { clockMs, contentKey, scenarioName, stateVectorKey, type LatencyScenario } from './latency-edits.ts';
import type { FromWorker, LatencyWorkerData, ToWorker, WorkerClient, WorkerReport } from './latency-worker.ts';
import { summarize, round2, type LatencySummary } from './stats.ts';
import { clientTargetOf, connectClient, whenSynced } from './sync-clients.ts';
import { cpuTimeMs } from './process-memory.ts';
import type { Target } from './targets.ts';

export { scenarioName, type LatencyScenario };

/** p50…max: edit → the frame read by the remote client (arrival-stamps.ts). */
export type LatencyResult = LatencySummary & {
  scenario: string;
  target: string;
  edits: number;
  /** p99 of edit → applied to the remote doc: arrival plus the client thread's own queue and Yjs apply. */
  appliedP99: number;
  /** p99 of the first second's edits, which the percentiles above leave out (warm-up). */
  warmUpP99: number;
  /** Remote arrivals per second (one edit reaching one client counts once). */
  deliveredPerSec: number;
  /** Edits some client never received. */
  lost: number;
  converged: boolean;
  /** Worst p99 event-loop delay of the client threads: when high, the clients were the bottleneck. */
  clientLoopDelayP99: number;
  /** CPU time the server(s) used per 1,000 deliveries — less sensitive to a busy machine than latency. */
  serverCpuMsPer1000: number;
  /** With several rounds (run.ts): each round's p99, in the order run; the row is the median round. */
  p99Rounds?: number[];
};

export type Placement = {
  /** Where writer clients connect. */
  writers: Target;
  /** Where the other clients connect. */
  readers: Target;
};

const DRAIN_TIMEOUT_MS = 15_000;
/**
 * Client threads. Each thread's garbage collections (1–4 ms scavenges, several a second with 25 replicas
 * per thread) delay every frame that arrives meanwhile, and that set the p99 of every server alike; with
 * a dozen replicas per thread the pauses are shorter. Six threads on these two cores were worse again
 * (the threads and the server then wait for a core).
 */
export const CLIENT_THREADS = Number(process.env.BENCH_CLIENT_THREADS ?? 4);

class ClientThread {
  private readonly worker: Worker;
  private readonly messages: FromWorker[] = [];
  private failure: Error | null = null;
  private exited = false;

  constructor(data: LatencyWorkerData) {
    this.worker = new Worker(new URL('./latency-worker-entry.mjs', import.meta.url), { workerData: data });
    this.worker.on('message', (m: FromWorker) => this.messages.push(m));
    this.worker.on('error', (error) => (this.failure = error));
    this.worker.once('exit', (code) => {
      this.exited = true;
      this.failure ??= new Error(`client thread exited with ${code}`);
    });
  }

  async next<T extends FromWorker['type']>(type: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.failure) throw this.failure;
      const failed = this.messages.find((m) => m.type === 'failed');
      if (failed && failed.type === 'failed') throw new Error(`client thread failed: ${failed.message}`);
      const found = this.messages.find((m) => m.type === type);
      if (found) return found as Extract<FromWorker, { type: T }>;
      if (Date.now() > deadline) throw new Error(`client thread sent no "${type}" within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    this.send({ type: 'close' });
    const exited = new Promise((r) => this.worker.once('exit', r));
    const timer = setTimeout(() => void this.worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

export async function runLatency(placement: Placement, scenario: LatencyScenario, docName = 'org'): Promise<LatencyResult> {
  const specs: WorkerClient[] = Array.from({ length: scenario.clients }, (_, i) =>
    i < scenario.writers ? { target: clientTargetOf(placement.writers), writer: i } : { target: clientTargetOf(placement.readers), writer: null },
  );
  const threads = Array.from(
    { length: Math.min(CLIENT_THREADS, scenario.clients) },
    (_, t) => new ClientThread({ docName, scenario, drainTimeoutMs: DRAIN_TIMEOUT_MS, clients: specs.filter((_, i) => i % CLIENT_THREADS === t) }),
  );
  try {
    for (const thread of threads) await thread.next('ready', 120_000);
    const servers = [...new Set([placement.writers, placement.readers])];
    const cpuBefore = servers.reduce((sum, t) => sum + cpuTimeMs(t.pid), 0);
    const at = clockMs() + 200;
    for (const thread of threads) thread.send({ type: 'start', at });
    const runMs = (scenario.editsPerWriter / scenario.rateHz) * 1000 + DRAIN_TIMEOUT_MS + 30_000;
    const reports: WorkerReport[] = [];
    for (const thread of threads) reports.push((await thread.next('report', runMs)).report);

    const cpuUsed = servers.reduce((sum, t) => sum + cpuTimeMs(t.pid), 0) - cpuBefore;
    const samples = reports.flatMap((r) => [...r.samples]);
    const warmUp = reports.flatMap((r) => [...r.warmUpSamples]);
    const delivered = samples.length + warmUp.length;
    const lost = new Set(reports.flatMap((r) => r.missing)).size;
    const converged = await convergedWithServer(placement.writers, docName, reports);
    const lastArrival = Math.max(...reports.map((r) => r.lastArrival));
    const seconds = Math.max(1e-3, (lastArrival - at) / 1000);
    const summary = summarize(samples);
    return {
      scenario: scenarioName(scenario),
      target: placement.writers === placement.readers ? placement.writers.label : `${placement.writers.label} → ${placement.readers.label}`,
      edits: scenario.writers * scenario.editsPerWriter,
      count: summary.count,
      p50: round2(summary.p50),
      p90: round2(summary.p90),
      p99: round2(summary.p99),
      max: round2(summary.max),
      appliedP99: round2(summarize(reports.flatMap((r) => [...r.appliedSamples])).p99),
      deliveredPerSec: Math.round(delivered / seconds),
      warmUpP99: round2(summarize(warmUp).p99),
      lost,
      converged,
      clientLoopDelayP99: round2(Math.max(...reports.map((r) => r.loopDelayP99Ms))),
      serverCpuMsPer1000: round2((cpuUsed * 1000) / Math.max(1, delivered)),
    };
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
  }
}

/** Every replica has the state vector and the content of a fresh client synced from the server. */
async function convergedWithServer(target: Target, docName: string, reports: WorkerReport[]): Promise<boolean> {
  const fresh = connectClient(clientTargetOf(target), docName);
  try {
    await whenSynced([fresh], Date.now() + 30_000, 'for the convergence check');
  } catch {
    return false;
  }
  const stateVector = stateVectorKey(fresh.doc);
  const content = contentKey(fresh.doc);
  fresh.destroy();
  return reports.every((r) => r.replicas.every((replica) => replica.stateVector === stateVector && replica.content === content));
}
