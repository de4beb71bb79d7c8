// The shape of the benchmark results as stored in bench/results/<YYYY-MM-DD>.json: the figures of each part
// with the commit and time they were measured at (a day's file merges that day's runs), and the parts the
// newest run failed to measure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { CrossResult } from './cross-instance.ts';
import type { DocLoadResult } from './doc-load.ts';
import type { IdleMemoryResult } from './idle-memory.ts';
import type { InitialJsResult } from './initial-js.ts';
import type { LatencyResult } from './latency.ts';
import type { StorageBytesResult } from './storage-bytes.ts';

export const PART_NAMES = ['latency', 'idle', 'load', 'bytes', 'js', 'cross'] as const satisfies readonly (keyof PartFigures)[];
export type PartName = (typeof PART_NAMES)[number];

/** When a part's figures were measured: the commit (`-dirty` when tracked files differed from it), the time, and whether in a --quick run. */
export type Measured = { commit: string; at: string; quick: boolean };

/** A part of the newest run that threw instead of measuring; its figures in the file (if any) are older. */
export type PartFailure = { part: PartName; error: string; commit: string; at: string };

/** `part` names whose figures the goal is judged on; `figuresFrom` is when those were measured (null: not measured). */
export type Goal = { goal: string; measured: string; met: boolean | null; part: PartName; figuresFrom: Measured | null };

/** The figures of each part, as its runner returns them. */
export type PartFigures = {
  latency: LatencyResult[];
  idle: IdleMemoryResult[];
  load: DocLoadResult[];
  bytes: StorageBytesResult;
  js: InitialJsResult;
  cross: CrossResult[];
};

export type BenchResults = Partial<PartFigures> & {
  /** Start of the newest run merged into this file, and its commit and machine. */
  date: string;
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; loadAverageAtStart: number[] };
  quick: boolean;
  /** Per part: when its figures below were measured. Files written before this field existed lack it. */
  measuredAt?: Partial<Record<PartName, Measured>>;
  failures?: PartFailure[];
  goals?: Goal[];
};

const root = resolve(import.meta.dirname, '../..');

/** The checked-out commit, marked `-dirty` when tracked files other than the results differ from it. */
export function currentCommit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--short', 'HEAD');
  } catch {
    return 'unknown'; // Not a git checkout: the results still stand on their own.
  }
  try {
    // --no-optional-locks: a benchmark must not write the index while someone else commits.
    const changed = git('--no-optional-locks', 'status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/results', ':!bench/profiles');
    return changed === '' ? commit : `${commit}-dirty`;
  } catch {
    return commit;
  }
}

export function newResults(quick: boolean): BenchResults {
  return {
    date: new Date().toISOString(),
    commit: currentCommit(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100) },
    quick,
    measuredAt: {},
    failures: [],
  };
}

export const resultsFile = (results: BenchResults) => join(root, 'bench/results', `${results.date.slice(0, 10)}.json`);

/**
 * The newest run on top of an earlier state of the day's file: parts the newest run measured replace
 * the earlier ones, every other part keeps its figures and when they were measured. Parts of a file
 * written before `measuredAt` existed are marked as measured on that day at an unknown commit.
 */
export function mergeRuns(earlier: Partial<BenchResults>, latest: BenchResults): BenchResults {
  const earlierAt: Partial<Record<PartName, Measured>> = {};
  for (const part of PART_NAMES) {
    if (earlier[part] === undefined) continue;
    earlierAt[part] = earlier.measuredAt?.[part] ?? { commit: 'unknown', at: (earlier.date ?? latest.date).slice(0, 10), quick: earlier.quick ?? false };
  }
  const defined = Object.fromEntries(Object.entries(latest).filter(([, v]) => v !== undefined));
  return {
    ...earlier,
    ...defined,
    measuredAt: { ...earlierAt, ...latest.measuredAt },
    failures: latest.failures ?? [],
  } as BenchResults;
}

/** This run merged with today's file, so `npm run bench -- idle` refreshes one part without losing the others. */
export function mergedWithToday(results: BenchResults): BenchResults {
  const file = resultsFile(results);
  const earlier: Partial<BenchResults> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return mergeRuns(earlier, results);
}

/** Where a figure comes from, for the printed tables: "this run", or the earlier run's commit and time. */
export function measuredLabel(measured: Measured | null | undefined, run: Pick<BenchResults, 'date'>): string {
  if (!measured) return '–';
  const quick = measured.quick ? ', quick' : '';
  if (measured.at >= run.date) return `this run${quick}`;
  const sameDay = measured.at.slice(0, 10) === run.date.slice(0, 10);
  const when = measured.at.length <= 10 ? `${measured.at}, time unknown` : `${sameDay ? '' : measured.at.slice(0, 10) + ' '}${measured.at.slice(11, 16)} UTC`;
  return `earlier run: ${measured.commit}, ${when}${quick}`;
}

export function saveResults(results: BenchResults): string {
  const file = resultsFile(results);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}
