// How PgDocStore encodes a snapshot's state (doc_snapshots.format, migration 003). A doc with a long
// history carries many tombstones: Yjs's v2 encoding writes them in runs and raw deflate shrinks that
// again, so a snapshot stays about as cheap to read as a young doc's. Clients' updates stay v1.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import type { StoredPart } from './doc-store.ts';

/** A Yjs v1 update as is: snapshots written before migration 003, and every row of the update log. */
export const V1 = 1;
const V2_DEFLATED = 2;

export type EncodedSnapshot = { state: Buffer; format: number };

export function encodeSnapshot(doc: Y.Doc): EncodedSnapshot {
  return { state: deflateRawSync(Y.encodeStateAsUpdateV2(doc)), format: V2_DEFLATED };
}

/** The stored state as an update to apply; throws on a format this version does not know. */
export function decodeSnapshot(state: Uint8Array, format: number): StoredPart {
  if (format === V1) return { update: state, v2: false };
  if (format === V2_DEFLATED) return { update: inflateRawSync(state), v2: true };
  throw new Error(`doc_snapshots.format ${format} is unknown to this server version; upgrade the server that reads this database.`);
}
