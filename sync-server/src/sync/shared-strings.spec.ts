import { describe, expect, it } from 'vitest';
import { SharedStrings } from './shared-strings.ts';

// A copy equal to `s` that is a different string in memory (as from another Postgres row).
const copyOf = (s: string) => [...s].join('');

describe('SharedStrings', () => {
  it('hands out the first copy of a value to every holder', () => {
    const strings = new SharedStrings();
    const first = strings.share(copyOf('user-1'));
    expect(strings.share(copyOf('user-1'))).toBe(first);
    expect(strings.size).toBe(1);
  });

  it('forgets a value once every holder released it', () => {
    const strings = new SharedStrings();
    strings.share('session');
    strings.share('session');
    strings.release('session');
    expect(strings.size).toBe(1);
    strings.release('session');
    expect(strings.size).toBe(0);
    strings.release('session');
    expect(strings.size).toBe(0);
  });
});
