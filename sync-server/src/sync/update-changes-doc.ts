// Whether applying an update would change a doc. A read-only client still answers the server's sync
// step 1 with a step 2, and Yjs always encodes the sender's whole delete set into it — so "not empty" is
// no sign of a write attempt. Only content the doc lacks, or deletions it has not made, are writes.
import * as Y from 'yjs';

type DeleteItem = { clock: number; len: number };

/** True if `ranges` (sorted, merged, as the struct store yields them) cover [clock, clock + len). */
function covered(ranges: readonly DeleteItem[], clock: number, len: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = ranges[mid]!;
    if (clock < range.clock) hi = mid - 1;
    else if (clock >= range.clock + range.len) lo = mid + 1;
    else return clock + len <= range.clock + range.len;
  }
  return false;
}

export function updateChangesDoc(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc)));
  if (structs.length > 0) return true;
  if (ds.clients.size === 0) return false;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of ds.clients) {
    const ranges = deleted.clients.get(client) ?? [];
    for (const item of items) if (!covered(ranges, item.clock, item.len)) return true;
  }
  return false;
}
