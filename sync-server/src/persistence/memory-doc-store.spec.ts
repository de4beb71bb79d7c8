import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryDocStore } from './memory-doc-store.ts';

const at = new Date('2025-03-01T09:00:00Z');

/** A client that types into a shared text and hands out each edit as an update. */
function typist() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    type(text: string): Uint8Array {
      const notes = doc.getText('notes');
      notes.insert(notes.length, text);
      return updates.at(-1)!;
    },
  };
}

function textOf(state: Uint8Array | null): string {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  return doc.getText('notes').toString();
}

describe('MemoryDocStore', () => {
  it('loads null for a doc never stored', async () => {
    expect(await new MemoryDocStore().load('org')).toBeNull();
  });

  it('loads what was appended, merged into one update', async () => {
    const store = new MemoryDocStore();
    const anna = typist();
    await store.append('org', [{ update: anna.type('Hallo '), userId: 'anna', at }]);
    await store.append('org', [{ update: anna.type('Welt'), userId: 'anna', at }]);
    expect(textOf(await store.load('org'))).toBe('Hallo Welt');
  });

  it('keeps every update with who sent it and when, also after compaction', async () => {
    const store = new MemoryDocStore({ compactAfter: 2 });
    const anna = typist();
    for (let i = 0; i < 5; i++) await store.append('org', [{ update: anna.type(`${i}`), userId: i % 2 ? 'ben' : 'anna', at }]);
    expect(textOf(await store.load('org'))).toBe('01234');
    expect(store.updatesOf('org').map((u) => u.userId)).toEqual(['anna', 'ben', 'anna', 'ben', 'anna']);
    expect(store.updatesOf('org').every((u) => u.at.getTime() === at.getTime())).toBe(true);
  });

  it('compacts only when there is something new', async () => {
    const store = new MemoryDocStore();
    const anna = typist();
    expect(await store.compact('org')).toBe(false);
    await store.append('org', [{ update: anna.type('a'), userId: null, at }]);
    expect(await store.compact('org')).toBe(true);
    expect(await store.compact('org')).toBe(false);
    await store.append('org', [{ update: anna.type('b'), userId: null, at }]);
    expect(await store.compact('org')).toBe(true);
    expect(textOf(await store.load('org'))).toBe('ab');
  });

  it('is not changed by a caller reusing the buffer it appended', async () => {
    const store = new MemoryDocStore();
    const update = typist().type('stored');
    await store.append('org', [{ update, userId: null, at }]);
    update.fill(0);
    expect(textOf(await store.load('org'))).toBe('stored');
  });

  it('keeps docs apart', async () => {
    const store = new MemoryDocStore();
    await store.append('org', [{ update: typist().type('org'), userId: null, at }]);
    await store.append('crm', [{ update: typist().type('crm'), userId: null, at }]);
    expect(textOf(await store.load('org'))).toBe('org');
    expect(textOf(await store.load('crm'))).toBe('crm');
  });
});
