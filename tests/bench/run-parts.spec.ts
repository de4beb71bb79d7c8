import { describe, expect, it } from 'vitest';
import type { InitialJsResult } from './initial-js.ts';
import type { BenchResults, PartFailure } from './results.ts';
import { exitCodeFor, failureSummary, runParts, type PartRunners } from './run-parts.ts';

const js: InitialJsResult = { files: 3, rawBytes: 500_000, gzipBytes: 160_000, builtNow: false };

const run = (): BenchResults => ({
  date: '2026-12-08T10:00:00.000Z',
  commit: 'abc1234',
  machine: { cpus: 2, cpuModel: 'test', memoryGB: 8, node: 'v20', loadAverageAtStart: [0, 0, 0] },
  quick: false,
  measuredAt: {},
  failures: [],
});

/** Runners for every part; the parts a test does not give fail, so running one by mistake shows. */
const runners = (given: Partial<PartRunners>): PartRunners => {
  const unexpected = (part: string) => () => Promise.reject(new Error(`the test did not expect ${part} to run`));
  return {
    latency: unexpected('latency'), idle: unexpected('idle'), load: unexpected('load'),
    bytes: unexpected('bytes'), js: unexpected('js'), cross: unexpected('cross'),
    ...given,
  };
};

const clock = () => {
  let minute = 0;
  return () => new Date(Date.UTC(2026, 11, 8, 10, minute++));
};

describe('running the benchmark parts', () => {
  it('records a part that throws as a failure, prints its error, still runs the parts after it, and fails the run', async () => {
    const results = run();
    const reported: { failure: PartFailure; error: unknown }[] = [];
    const failures = await runParts(
      ['bytes', 'js'],
      runners({
        bytes: () => Promise.reject(new Error('Postgres went away\n    at somewhere')),
        js: () => Promise.resolve(js),
      }),
      results,
      { now: clock(), report: (failure, error) => reported.push({ failure, error }) },
    );

    expect(failures).toEqual([{ part: 'bytes', error: 'Postgres went away', commit: 'abc1234', at: '2026-12-08T10:00:00.000Z' }]);
    expect(results.failures).toBe(failures);
    expect(reported.map((r) => (r.error as Error).message)).toEqual(['Postgres went away\n    at somewhere']);
    expect(results.bytes).toBeUndefined();
    expect(results.measuredAt?.bytes).toBeUndefined();
    expect(results.js).toEqual(js);
    expect(results.measuredAt?.js).toEqual({ commit: 'abc1234', at: '2026-12-08T10:01:00.000Z', quick: false });
    expect(exitCodeFor(failures)).toBe(1);
    expect(failureSummary(failures)).toContain('bytes: Postgres went away');
  });

  it('keeps none of the figures of a part that fails half-way', async () => {
    const results = run();
    const failures = await runParts(
      ['latency'],
      runners({
        latency: async () => {
          throw new Error('the 100-client scenario did not converge in time');
        },
      }),
      results,
      { report: () => undefined },
    );
    expect(failures.map((f) => f.part)).toEqual(['latency']);
    expect(results.latency).toBeUndefined();
  });

  it('exits 0 and prints no summary when every part ran', async () => {
    const results = run();
    const failures = await runParts(['js'], runners({ js: () => Promise.resolve(js) }), results, { now: clock() });
    expect(failures).toEqual([]);
    expect(exitCodeFor(failures)).toBe(0);
    expect(failureSummary(failures)).toBe('');
  });

  it('stamps figures of a --quick run as quick', async () => {
    const results = { ...run(), quick: true };
    await runParts(['js'], runners({ js: () => Promise.resolve(js) }), results, { now: clock() });
    expect(results.measuredAt?.js?.quick).toBe(true);
  });
});
