// "Every replica equals the server's doc": same state vector (the same operations integrated, nothing
// pending) and the same content, for every doc.
import type * as Y from 'yjs';
import { chaosRoots, docContent, sameStateVector, stateVectorDifference } from './edits.ts';

export type Replica = {
  readonly name: string;
  /** The docs this replica keeps, if not all of the run's. */
  readonly docNames?: readonly string[];
  /** The replica's docs as they are now, and whether it is connected and synced. */
  report(): Promise<{ docs: Map<string, Y.Doc>; synced: boolean }>;
};

/** How each replica differs from the reference docs right now (empty = all equal). */
export async function differences(replicas: readonly Replica[], reference: ReadonlyMap<string, Y.Doc>, docNames: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const replica of replicas) {
    const { docs, synced } = await replica.report();
    if (!synced) found.push(`${replica.name}: not synced`);
    for (const name of replica.docNames ?? docNames) {
      const doc = docs.get(name);
      const expected = reference.get(name)!;
      if (!doc) found.push(`${replica.name}/${name}: missing`);
      else if (!sameStateVector(doc, expected)) found.push(`${replica.name}/${name}: state vector differs (${stateVectorDifference(doc, expected)})`);
      else if (docContent(doc, chaosRoots(name)) !== docContent(expected, chaosRoots(name))) found.push(`${replica.name}/${name}: same state vector, different content`);
    }
  }
  return found;
}

/** Waits until every replica equals the reference; returns what still differs at the deadline. */
export async function converge(
  replicas: readonly Replica[],
  reference: ReadonlyMap<string, Y.Doc>,
  docNames: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await differences(replicas, reference, docNames);
    if (found.length === 0 || Date.now() >= deadline) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
}
