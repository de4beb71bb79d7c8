import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-log.ts';

describe('requestIdFor', () => {
  it('keeps a well-formed incoming id', () => {
    expect(requestIdFor('proxy-1.abc_DEF')).toBe('proxy-1.abc_DEF');
    expect(requestIdFor('a'.repeat(64))).toBe('a'.repeat(64));
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(65)],
    ['with spaces', 'a b'],
    ['with a newline (log injection)', 'abc\ninjected'],
    ['with quotes', '"x"'],
  ])('generates a fresh id when the incoming one is %s', (_, incoming) => {
    const id = requestIdFor(incoming);
    expect(id).not.toBe(incoming);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
