// A device's own copy of a doc on disk, kept the way y-dexie keeps it in the browser: every update the
// doc integrates (local or remote) is appended at once, synchronously, so a process killed right after
// an edit still has it when it starts again. Records are length-prefixed; a record cut short by a kill
// during the write is ignored on load.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import * as Y from 'yjs';

/** Applies every complete record of `path` to `doc`, then appends each further update of the doc. */
export function persistDocToFile(doc: Y.Doc, path: string): void {
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    const updates: Uint8Array[] = [];
    for (let at = 0; at + 4 <= bytes.length; ) {
      const length = bytes.readUInt32LE(at);
      if (at + 4 + length > bytes.length) break;
      updates.push(bytes.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates), 'file');
  }
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'file') return;
    const record = Buffer.alloc(4 + update.length);
    record.writeUInt32LE(update.length, 0);
    record.set(update, 4);
    appendFileSync(path, record);
  });
}
