import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { V1, decodeSnapshot, encodeSnapshot } from './snapshot-encoding.ts';

function docWithHistory(): Y.Doc {
  const doc = new Y.Doc();
  const fields = doc.getMap<string>('profile');
  const notes = doc.getText('notes');
  for (let i = 0; i < 2_000; i++) {
    if (i % 5 === 0) fields.set('street', `Musterstraße ${i}`);
    else notes.insert(notes.length, 'abc'[i % 3]!);
    if (notes.length > 300) notes.delete(0, 100);
  }
  return doc;
}

describe('snapshot encoding', () => {
  it('round-trips a doc through the compressed v2 format, far smaller than v1', () => {
    const doc = docWithHistory();
    const { state, format } = encodeSnapshot(doc);
    expect(format).not.toBe(V1);
    expect(state.byteLength * 5).toBeLessThan(Y.encodeStateAsUpdate(doc).byteLength);

    const part = decodeSnapshot(state, format);
    expect(part.v2).toBe(true);
    const copy = new Y.Doc();
    Y.applyUpdateV2(copy, part.update);
    expect(copy.getText('notes').toString()).toBe(doc.getText('notes').toString());
    expect(copy.getMap('profile').toJSON()).toEqual(doc.getMap('profile').toJSON());
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
  });

  it('reads a v1 state as it is', () => {
    const update = Y.encodeStateAsUpdate(docWithHistory());
    expect(decodeSnapshot(update, V1)).toEqual({ update, v2: false });
  });

  it('refuses a format it does not know, saying to upgrade the server', () => {
    expect(() => decodeSnapshot(new Uint8Array([1]), 9)).toThrow(/format 9 is unknown.*upgrade the server/);
  });
});
