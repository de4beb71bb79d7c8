import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionExpiry } from './session-expiry.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A SessionExpiry over a fake sessions table: `expiresAt` by session id (absent: ended), on fake timers. */
function watcher(expiresAt: Map<string, number>) {
  const reads: string[][] = [];
  const ended: Array<{ sessionId: string; how: string }> = [];
  const expiry = new SessionExpiry({
    readTimeLeft: async (ids) => {
      reads.push(ids);
      const now = Date.now();
      return new Map(ids.filter((id) => expiresAt.has(id)).map((id) => [id, expiresAt.get(id)! - now]));
    },
    ended: (sessionId, _userId, how) => ended.push({ sessionId, how }),
    readFailed: () => undefined,
  });
  return { expiry, reads, ended };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionExpiry', () => {
  it('reads a session once for all its sockets and ends it when it expires', async () => {
    const table = new Map([['s1', Date.now() + 5_000]]);
    const { expiry, reads, ended } = watcher(table);
    expiry.watch('s1', 'anna');
    expiry.watch('s1', 'anna');
    await vi.advanceTimersByTimeAsync(4_900);
    expect(reads).toEqual([['s1']]);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(ended).toEqual([{ sessionId: 's1', how: 'expired' }]);
  });

  it('re-arms for a session whose expiry slid forward meanwhile, and ends it at the new time', async () => {
    const table = new Map([['s1', Date.now() + 5_000]]);
    const { expiry, reads, ended } = watcher(table);
    expiry.watch('s1', 'anna');
    await vi.advanceTimersByTimeAsync(1_000);
    table.set('s1', Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reads).toHaveLength(2);
    expect(ended).toEqual([]);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(ended).toEqual([{ sessionId: 's1', how: 'expired' }]);
  });

  it('ends a session it finds ended, as revoked', async () => {
    const { expiry, ended } = watcher(new Map());
    expiry.watch('gone', 'anna');
    await vi.advanceTimersByTimeAsync(0);
    expect(ended).toEqual([{ sessionId: 'gone', how: 'revoked' }]);
  });

  it('reads only due sessions, in one query, and waits past the timer limit for a session of 30 days', async () => {
    const table = new Map([
      ['soon', Date.now() + 1_000],
      ['later', Date.now() + 30 * DAY_MS],
    ]);
    const { expiry, reads, ended } = watcher(table);
    expiry.watch('soon', 'anna');
    expiry.watch('later', 'max');
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toEqual([['soon', 'later']]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(reads.at(-1)).toEqual(['soon']);
    expect(ended).toEqual([{ sessionId: 'soon', how: 'expired' }]);
    await vi.advanceTimersByTimeAsync(30 * DAY_MS - 2_000);
    expect(ended).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(ended).toEqual([{ sessionId: 'soon', how: 'expired' }, { sessionId: 'later', how: 'expired' }]);
    expect(reads).toHaveLength(3);
  });

  it('keeps no timer once the last socket of every session is gone', async () => {
    const { expiry } = watcher(new Map([['s1', Date.now() + DAY_MS]]));
    expiry.watch('s1', 'anna');
    expiry.watch('s1', 'anna');
    await vi.advanceTimersByTimeAsync(0);
    expiry.unwatch('s1');
    expect(vi.getTimerCount()).toBe(1);
    expiry.unwatch('s1');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('retries a failed read after a second', async () => {
    let fail = true;
    const failures: Error[] = [];
    const ended: string[] = [];
    const expiry = new SessionExpiry({
      readTimeLeft: async () => {
        if (fail) throw new Error('connection refused');
        return new Map([['s1', -1]]);
      },
      ended: (sessionId) => ended.push(sessionId),
      readFailed: (error) => failures.push(error),
    });
    expiry.watch('s1', 'anna');
    await vi.advanceTimersByTimeAsync(0);
    expect(failures.map((e) => e.message)).toEqual(['connection refused']);
    fail = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ended).toEqual(['s1']);
  });
});
