// A synchronous safety net for the last keystrokes before a reload or a closed tab. IndexedDB writes are
// asynchronous and a page that unloads before they commit loses them, so each local update is first
// appended to localStorage (written at once) and dropped from there once IndexedDB has committed it.
// Opening a doc replays whatever is left; Yjs ignores updates the doc already has.
import { fromBase64, toBase64 } from 'lib0/buffer';

const PREFIX = 'workmate.journal.';

type Entry = { seq: number; update: string };

const keyOf = (doc: string) => PREFIX + doc;
let nextSeq = Date.now();

function read(doc: string): Entry[] {
  try {
    const raw = localStorage.getItem(keyOf(doc));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((e): e is Entry => typeof e?.seq === 'number' && typeof e?.update === 'string') : [];
  } catch {
    return [];
  }
}

function write(doc: string, entries: Entry[]): void {
  try {
    if (entries.length === 0) localStorage.removeItem(keyOf(doc));
    else localStorage.setItem(keyOf(doc), JSON.stringify(entries));
  } catch {
    // Storage full or blocked: the IndexedDB write still happens, only the unload safety net is missing.
  }
}

/** Appends a local update; returns its sequence number for `forgetUpTo` once IndexedDB has it. */
export function journalUpdate(doc: string, update: Uint8Array): number {
  const seq = nextSeq++;
  write(doc, [...read(doc), { seq, update: toBase64(update) }]);
  return seq;
}

/** Drops the entries up to `seq`: IndexedDB has committed them. */
export function forgetUpTo(doc: string, seq: number): void {
  const entries = read(doc);
  const rest = entries.filter((e) => e.seq > seq);
  if (rest.length !== entries.length) write(doc, rest);
}

/** Takes the updates left by a page that unloaded too early (and removes them from the journal). */
export function takeJournal(doc: string): Uint8Array[] {
  const entries = read(doc);
  write(doc, []);
  return entries.map((e) => fromBase64(e.update));
}

/** Removes every journal (sign-out). */
export function clearJournals(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}
