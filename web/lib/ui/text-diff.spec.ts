import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shiftIndex, spliceBetween, type TextDeltaOp } from './text-diff.ts';

describe('spliceBetween', () => {
  it('finds a typed character in the middle', () => {
    expect(spliceBetween('Hallo Welt', 'Hallo, Welt')).toEqual({ index: 5, remove: 0, insert: ',' });
  });
  it('finds a deletion at the end', () => expect(spliceBetween('abc', 'ab')).toEqual({ index: 2, remove: 1, insert: '' }));
  it('finds a replaced selection', () => expect(spliceBetween('ein Hund', 'ein Fuchs')).toEqual({ index: 4, remove: 4, insert: 'Fuchs' }));
  it('keeps an emoji whole', () => {
    const splice = spliceBetween('a😀b', 'a😃b')!;
    expect(splice.index).toBe(1);
    expect(splice.remove).toBe(2);
  });
  it('returns null for equal text', () => expect(spliceBetween('x', 'x')).toBeNull());
  it('applied to a Y.Text merges two people typing at the same time', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText().insert(0, 'Notiz: ');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const type = (doc: Y.Doc, next: string) => {
      const text = doc.getText();
      const s = spliceBetween(text.toString(), next)!;
      doc.transact(() => {
        text.delete(s.index, s.remove);
        text.insert(s.index, s.insert);
      });
    };
    type(a, 'Notiz: A1 ');
    type(b, 'Notiz: B1 ');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText().toString()).toBe(b.getText().toString());
    expect(a.getText().toString()).toContain('A1 ');
    expect(a.getText().toString()).toContain('B1 ');
  });
});

describe('shiftIndex', () => {
  const cases: Array<[string, number, TextDeltaOp[], number]> = [
    ['moves right past text inserted before it', 5, [{ retain: 2 }, { insert: 'xyz' }], 8],
    ['stays before text inserted after it', 2, [{ retain: 4 }, { insert: 'xyz' }], 2],
    ['stays before text inserted exactly at it', 4, [{ retain: 4 }, { insert: 'xyz' }], 4],
    ['moves left when text before it is deleted', 6, [{ retain: 1 }, { delete: 3 }], 3],
    ['lands at the start of a deletion that spans it', 3, [{ retain: 1 }, { delete: 5 }], 1],
  ];
  for (const [what, index, delta, expected] of cases) it(what, () => expect(shiftIndex(index, delta)).toBe(expected));
});
