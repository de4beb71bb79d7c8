// The shape of one benchmark run as stored in bench/results/<YYYY-MM-DD>.json.
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

export type Goal = { goal: string; measured: string; met: boolean | null };

export type BenchResults = {
  date: string;
  commit: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; loadAverageAtStart: number[] };
  quick: boolean;
  latency?: LatencyResult[];
  idle?: IdleMemoryResult[];
  load?: DocLoadResult[];
  bytes?: StorageBytesResult;
  js?: InitialJsResult;
  cross?: CrossResult[];
  goals?: Goal[];
};

const root = resolve(import.meta.dirname, '../..');

export function newResults(quick: boolean): BenchResults {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    // Not a git checkout: the results still stand on their own.
  }
  return {
    date: new Date().toISOString(),
    commit,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100) },
    quick,
  };
}

export const resultsFile = (results: BenchResults) => join(root, 'bench/results', `${results.date.slice(0, 10)}.json`);

/**
 * This run on top of today's file: parts this run did not measure are kept from an earlier run of the
 * same day, so `npm run bench -- idle` refreshes one part without losing the others.
 */
export function mergedWithToday(results: BenchResults): BenchResults {
  const file = resultsFile(results);
  const earlier: Partial<BenchResults> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  return { ...earlier, ...Object.fromEntries(Object.entries(results).filter(([, v]) => v !== undefined)) } as BenchResults;
}

export function saveResults(results: BenchResults): string {
  const file = resultsFile(results);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}
