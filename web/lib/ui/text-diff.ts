// Turns "the textarea now says X" into the one splice that changed it, so a Y.Text receives character
// edits (which merge with a colleague's concurrent typing) instead of a replace-all; and moves a caret
// through a colleague's edit so it stays on the same character.

export type TextSplice = { index: number; remove: number; insert: string };

/** The single splice turning `before` into `after`, or null when they are equal. */
export function spliceBetween(before: string, after: string): TextSplice | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a surrogate pair: an emoji is inserted or removed whole.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** One op of a Y.Text change delta (`event.delta`). */
export type TextDeltaOp = { retain?: number; insert?: unknown; delete?: number };

/**
 * Where a caret at `index` ends up after a remote change. Text a colleague inserts exactly at the
 * caret stays after it: when two people type at the same spot, each one's words stay together instead
 * of interleaving letter by letter.
 */
export function shiftIndex(index: number, delta: readonly TextDeltaOp[]): number {
  let position = 0;
  let result = index;
  for (const op of delta) {
    if (op.retain !== undefined) {
      position += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (position < result) result += length;
      position += length;
    } else if (op.delete !== undefined) {
      if (position < result) result -= Math.min(op.delete, result - position);
    }
    if (position >= result) break;
  }
  return result;
}
