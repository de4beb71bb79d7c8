// Two of our server processes on one database (optionally with Redis for fan-out): writers connect to
// instance A, readers to B. Reported as a ratio to the same scenario with everyone on A. A probe edit
// first checks within a few seconds that readers on B see A's edits at all; if not, the variant fails
// instead of hanging.
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../helpers/database.ts';
import { runLatency, type LatencyResult, type LatencyScenario } from './latency.ts';
import { round2 } from './stats.ts';
import { connectSyncedClients } from './sync-clients.ts';
import { startWorkmate, type Target } from './targets.ts';

export type CrossVariant = 'postgres' | 'redis';

export type CrossResult = {
  variant: CrossVariant;
  sameInstance: LatencyResult;
  crossInstance: LatencyResult;
  p50Ratio: number;
  p99Ratio: number;
};

const PROBE_TIMEOUT_MS = 5_000;
const REDIS_URL = 'redis://127.0.0.1:6379';

/** True when an edit made on A reaches a client on B within the probe timeout. */
async function fanOutWorks(a: Target, b: Target, docName: string): Promise<boolean> {
  const [writer] = await connectSyncedClients(a, docName, 1);
  const [reader] = await connectSyncedClients(b, docName, 1);
  try {
    writer!.doc.getMap('probe').set('at', Date.now());
    const deadline = Date.now() + PROBE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (reader!.doc.getMap('probe').has('at')) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  } finally {
    writer!.destroy();
    reader!.destroy();
  }
}

export async function measureCrossInstance(variant: CrossVariant, scenario: LatencyScenario): Promise<CrossResult> {
  const database = await createTestDatabase();
  const env: Record<string, string> = variant === 'redis' ? { REDIS_URL } : {};
  const instances: Target[] = [];
  try {
    try {
      instances.push(await startWorkmate({ database, env }));
      instances.push(await startWorkmate({ database, env }));
    } catch (error) {
      if (variant !== 'redis') throw error;
      throw new Error(`the servers with REDIS_URL did not start; is Redis running at ${REDIS_URL}? (\`redis-server --port 6379\`)\n${(error as Error).message}`, { cause: error });
    }
    const [a, b] = instances as [Target, Target];
    if (!(await fanOutWorks(a, b, 'org'))) {
      throw new Error(
        `readers on instance B received nothing from A within ${PROBE_TIMEOUT_MS / 1000} s: cross-instance fan-out (${variant}) is broken — ` +
          'run tests/integration/cluster.test.ts to find out why',
      );
    }
    // Each run on a fresh doc of its own: the runs write the same keys, and a key already there arrives
    // as an update, not as the new edit the clients time.
    const sameInstance = await runLatency({ writers: a, readers: a }, scenario, `profile/${randomUUID()}`);
    const crossInstance = await runLatency({ writers: a, readers: b }, scenario, `profile/${randomUUID()}`);
    return {
      variant,
      sameInstance,
      crossInstance,
      p50Ratio: round2(crossInstance.p50 / sameInstance.p50),
      p99Ratio: round2(crossInstance.p99 / sameInstance.p99),
    };
  } finally {
    for (const instance of instances) await instance.stop().catch(() => undefined);
    await database.drop();
  }
}
