import { describe, expect, it } from 'vitest';
import { evaluateGoals, goalRows } from './goals.ts';
import type { InitialJsResult } from './initial-js.ts';
import type { StorageBytesResult } from './storage-bytes.ts';
import { measuredLabel, mergeRuns, type BenchResults } from './results.ts';

const machine = { cpus: 2, cpuModel: 'test', memoryGB: 8, node: 'v20', loadAverageAtStart: [0, 0, 0] };
const js = (gzipBytes: number): InitialJsResult => ({ files: 3, rawBytes: 500_000, gzipBytes, builtNow: false });
const bytes: StorageBytesResult = { edits: 1000, rateHz: 10, rowsWritten: 40, storedBytesPer1000: 30_000, diskBytesPer1000: 90_000 };

const morning: BenchResults = {
  date: '2026-12-08T08:00:00.000Z',
  commit: 'aaa1111',
  machine,
  quick: false,
  measuredAt: {
    js: { commit: 'aaa1111', at: '2026-12-08T08:05:00.000Z', quick: false },
    bytes: { commit: 'aaa1111', at: '2026-12-08T08:01:00.000Z', quick: false },
  },
  failures: [],
  js: js(150_000),
  bytes,
};

const evening: BenchResults = {
  date: '2026-12-08T18:00:00.000Z',
  commit: 'bbb2222-dirty',
  machine,
  quick: false,
  measuredAt: { js: { commit: 'bbb2222-dirty', at: '2026-12-08T18:00:01.000Z', quick: false } },
  failures: [{ part: 'bytes', error: 'Postgres went away', commit: 'bbb2222-dirty', at: '2026-12-08T18:00:00.000Z' }],
  js: js(170_000),
};

describe("merging a run into the day's results", () => {
  it('keeps the commit and time of figures an earlier run measured, and takes the newest run’s for the parts it measured', () => {
    const merged = mergeRuns(morning, evening);
    expect(merged.commit).toBe('bbb2222-dirty');
    expect(merged.js?.gzipBytes).toBe(170_000);
    expect(merged.bytes).toEqual(bytes);
    expect(merged.measuredAt).toEqual({
      js: { commit: 'bbb2222-dirty', at: '2026-12-08T18:00:01.000Z', quick: false },
      bytes: { commit: 'aaa1111', at: '2026-12-08T08:01:00.000Z', quick: false },
    });
    expect(merged.failures).toEqual(evening.failures);
  });

  it('marks figures of a file written before per-part stamps as measured that day at an unknown commit', () => {
    const { measuredAt: _, ...legacy } = morning;
    const merged = mergeRuns(legacy, { ...evening, measuredAt: {}, js: undefined });
    expect(merged.measuredAt?.bytes).toEqual({ commit: 'unknown', at: '2026-12-08', quick: false });
    expect(merged.measuredAt?.js).toEqual({ commit: 'unknown', at: '2026-12-08', quick: false });
  });
});

describe('where a figure comes from', () => {
  it('says "this run" for figures of this run and names the commit and time of an earlier one', () => {
    expect(measuredLabel(evening.measuredAt?.js, evening)).toBe('this run');
    expect(measuredLabel(morning.measuredAt?.bytes, evening)).toBe('earlier run: aaa1111, 08:01 UTC');
    expect(measuredLabel({ commit: 'ccc', at: '2026-12-07T23:59:00.000Z', quick: true }, evening)).toBe('earlier run: ccc, 2026-12-07 23:59 UTC, quick');
    expect(measuredLabel({ commit: 'unknown', at: '2026-12-08', quick: false }, evening)).toBe('earlier run: unknown, 2026-12-08, time unknown');
    expect(measuredLabel(null, evening)).toBe('–');
  });

  it('labels each goal with the run its figures come from', () => {
    const merged = mergeRuns({ ...morning, js: js(150_000) }, { ...evening, js: undefined, measuredAt: {} });
    const goals = evaluateGoals(merged);
    const initialJs = goals.find((g) => g.part === 'js')!;
    expect(initialJs.figuresFrom).toEqual({ commit: 'aaa1111', at: '2026-12-08T08:05:00.000Z', quick: false });
    const rows = goalRows(goals, evening);
    expect(rows.find((r) => r[0] === initialJs.goal)).toEqual([initialJs.goal, '146.5 KB', 'met', 'earlier run: aaa1111, 08:05 UTC']);
    expect(rows.find((r) => String(r[0]).startsWith('p99 ≤ 15 ms'))).toEqual(['p99 ≤ 15 ms at 50/5/40 Hz', 'not measured', '–', '–']);
  });
});
