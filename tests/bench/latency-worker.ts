// One thread of latency clients (see latency.ts): connects its share of the clients, writes on the
// schedule the main thread starts, records remote arrivals, and reports samples and replica states.
import { parentPort, workerData } from 'node:worker_threads';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type * as Y from 'yjs';
import { ArrivalClock } from './arrival-stamps.ts';
import { EDITS, clockMs, contentKey, editKey, stateVectorKey, type LatencyScenario } from './latency-edits.ts';
import { connectSyncedClients, type BenchClient, type ClientTarget } from './sync-clients.ts';

export type WorkerClient = { target: ClientTarget; writer: number | null };
export type LatencyWorkerData = { docName: string; clients: WorkerClient[]; scenario: LatencyScenario; drainTimeoutMs: number };
export type WorkerReport = {
  /** Edit → frame read by the client, after the warm-up second. */
  samples: Float64Array;
  warmUpSamples: Float64Array;
  /** Edit → applied to the client's doc (observer ran), after the warm-up second. */
  appliedSamples: Float64Array;
  lastArrival: number;
  missing: string[];
  replicas: Array<{ stateVector: string; content: string }>;
  loopDelayP99Ms: number;
};
export type FromWorker = { type: 'ready' } | { type: 'report'; report: WorkerReport } | { type: 'failed'; message: string };
export type ToWorker = { type: 'start'; at: number } | { type: 'close' };

// Every y-websocket provider in Node adds a process 'exit' listener; dozens of clients are expected here.
process.setMaxListeners(0);
const { docName, clients: specs, scenario, drainTimeoutMs } = workerData as LatencyWorkerData;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

const clients: BenchClient[] = [];
const arrivals = new ArrivalClock();
for (const spec of specs) clients.push(...(await connectSyncedClients(spec.target, docName, 1, arrivals)));

const samples: number[] = [];
const applied: number[] = [];
/** Edits of the first second: code paths still warming up (JIT, buffers) in server and clients. */
const warmUp: number[] = [];
const warmUpEdits = Math.min(scenario.rateHz, Math.floor(scenario.editsPerWriter / 10));
const seqOf = (key: string) => Number(key.slice(key.indexOf(':') + 1));
let lastArrival = 0;
for (const client of clients) {
  const edits = client.doc.getMap<number>(EDITS);
  edits.observe((event: Y.YMapEvent<number>) => {
    if (event.transaction.local) return;
    const now = clockMs();
    const receivedAt = Number.isNaN(arrivals.receivedAt) ? now : arrivals.receivedAt;
    event.changes.keys.forEach((change, key) => {
      if (change.action !== 'add') return;
      const sentAt = edits.get(key)!;
      if (seqOf(key) < warmUpEdits) warmUp.push(receivedAt - sentAt);
      else {
        samples.push(receivedAt - sentAt);
        applied.push(now - sentAt);
      }
      lastArrival = now;
    });
  });
}

async function writeAtRate(client: BenchClient, writer: number, at: number): Promise<void> {
  const intervalMs = 1000 / scenario.rateHz;
  const start = at + (writer / scenario.writers) * intervalMs;
  const edits = client.doc.getMap<number>(EDITS);
  for (let seq = 0; seq < scenario.editsPerWriter; seq++) {
    const wait = start + seq * intervalMs - clockMs();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    edits.set(editKey(writer, seq), clockMs());
  }
}

async function run(at: number): Promise<WorkerReport> {
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  await Promise.all(specs.map((spec, i) => (spec.writer === null ? null : writeAtRate(clients[i]!, spec.writer, at))));
  const total = scenario.writers * scenario.editsPerWriter;
  const expected = specs.reduce((sum, spec) => sum + total - (spec.writer === null ? 0 : scenario.editsPerWriter), 0);
  const deadline = Date.now() + drainTimeoutMs;
  while (samples.length + warmUp.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  loopDelay.disable();
  const maps = clients.map((c) => c.doc.getMap(EDITS));
  const missing: string[] = [];
  for (let w = 0; w < scenario.writers; w++) {
    for (let seq = 0; seq < scenario.editsPerWriter; seq++) {
      const key = editKey(w, seq);
      if (maps.some((m) => !m.has(key))) missing.push(key);
    }
  }
  return {
    samples: Float64Array.from(samples),
    warmUpSamples: Float64Array.from(warmUp),
    appliedSamples: Float64Array.from(applied),
    lastArrival,
    missing,
    replicas: clients.map((c) => ({ stateVector: stateVectorKey(c.doc), content: contentKey(c.doc) })),
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    run(message.at).then(
      (report) => post({ type: 'report', report }),
      (error: Error) => post({ type: 'failed', message: error.message }),
    );
  } else {
    for (const client of clients) client.destroy();
    port.close();
  }
});
post({ type: 'ready' });
