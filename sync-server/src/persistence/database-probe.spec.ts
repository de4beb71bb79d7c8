import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { DatabaseProbe, PROBE_INTERVAL_MS, PROBE_SLOW_MS } from './database-probe.ts';

const log = createLogger('silent');

/** A database the test switches off and on; counts the probes it answered or refused. */
function fakeDatabase() {
  const db = {
    up: true,
    hangs: false,
    pings: 0,
    ping: async () => {
      db.pings++;
      if (db.hangs) await new Promise((resolve) => setTimeout(resolve, 10 * PROBE_SLOW_MS));
      if (!db.up) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    },
  };
  return db;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('DatabaseProbe', () => {
  it('calls back as soon as the database answers again after a write failed because it was down', async () => {
    const db = fakeDatabase();
    const probe = new DatabaseProbe({ ping: db.ping, log });
    const back = vi.fn();
    probe.onBack(back);
    db.up = false;
    probe.writeFailed();
    await vi.advanceTimersByTimeAsync(10 * PROBE_INTERVAL_MS);
    expect(back).not.toHaveBeenCalled();
    const pingsWhileDown = db.pings;
    expect(pingsWhileDown).toBeGreaterThanOrEqual(10);

    db.up = true;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);
    expect(back).toHaveBeenCalledTimes(1);
    // Back: it stops probing until a write fails again.
    await vi.advanceTimersByTimeAsync(10 * PROBE_INTERVAL_MS);
    expect(db.pings).toBe(pingsWhileDown + 1);
    probe.close();
  });

  it('does not call back when the database answers at once: the write failed for a reason of its own', async () => {
    const db = fakeDatabase();
    const probe = new DatabaseProbe({ ping: db.ping, log });
    const back = vi.fn();
    probe.onBack(back);
    for (let i = 0; i < 3; i++) {
      probe.writeFailed();
      await vi.advanceTimersByTimeAsync(10 * PROBE_INTERVAL_MS);
    }
    expect(back).not.toHaveBeenCalled();
    expect(db.pings).toBe(3);
    probe.close();
  });

  it('runs one probe for the whole server, however many writes fail meanwhile', async () => {
    const db = fakeDatabase();
    const probe = new DatabaseProbe({ ping: db.ping, log });
    const back = vi.fn();
    probe.onBack(back);
    db.up = false;
    for (let i = 0; i < 50; i++) {
      probe.writeFailed();
      await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS / 10);
    }
    // 50 failures in 5 intervals: one probe now and one per interval, not one per failure.
    expect(db.pings).toBeLessThanOrEqual(7);
    db.up = true;
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS);
    expect(back).toHaveBeenCalledTimes(1);
    probe.close();
  });

  it('counts a probe that hangs as an outage, without starting another until it ends', async () => {
    const db = fakeDatabase();
    const probe = new DatabaseProbe({ ping: db.ping, log });
    const back = vi.fn();
    probe.onBack(back);
    db.hangs = true;
    probe.writeFailed();
    await vi.advanceTimersByTimeAsync(5 * PROBE_SLOW_MS);
    expect(db.pings).toBe(1);
    // It answers in the end: the database was slow, not gone, and is usable again.
    db.hangs = false;
    await vi.advanceTimersByTimeAsync(10 * PROBE_SLOW_MS);
    expect(back).toHaveBeenCalledTimes(1);
    probe.close();
  });

  it('stops probing when closed', async () => {
    const db = fakeDatabase();
    const probe = new DatabaseProbe({ ping: db.ping, log });
    db.up = false;
    probe.writeFailed();
    await vi.advanceTimersByTimeAsync(PROBE_INTERVAL_MS / 2);
    probe.close();
    const pings = db.pings;
    await vi.advanceTimersByTimeAsync(10 * PROBE_INTERVAL_MS);
    expect(db.pings).toBe(pings);
  });
});
