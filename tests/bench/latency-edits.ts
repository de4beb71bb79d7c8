// What the latency clients write and compare: one map entry per edit, keyed by writer and sequence
// number, valued with the send time on the process-wide clock (valid across worker threads).
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';

export const EDITS = 'bench';

export type LatencyScenario = { clients: number; writers: number; rateHz: number; editsPerWriter: number };

export const scenarioName = (s: LatencyScenario) => `${s.clients}/${s.writers}/${s.rateHz}Hz`;

export const editKey = (writer: number, seq: number) => `${writer}:${seq}`;

/** Milliseconds since the epoch with sub-millisecond precision; the same clock in every thread. */
export const clockMs = () => performance.timeOrigin + performance.now();

/** A state vector as comparable text (the encoding's entry order depends on the doc's history). */
export function stateVectorKey(doc: Y.Doc): string {
  return JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b));
}

/** The edits map as comparable text (key order follows each replica's arrival order). */
export function contentKey(doc: Y.Doc): string {
  return JSON.stringify(Object.entries(doc.getMap(EDITS).toJSON()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
