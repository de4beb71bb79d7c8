// Runs the chosen benchmark parts one after another. A part's figures are kept only when the whole part
// ran, stamped with the commit and time they were measured at; a part that throws is reported, recorded
// as a failure (which fails the run), and the parts after it still run.
import type { BenchResults, PartFailure, PartFigures, PartName } from './results.ts';

/** Measures one part and prints its table; throws when the part could not be measured. */
export type PartRunners = { [P in PartName]: () => Promise<PartFigures[P]> };

export type RunPartsOptions = {
  now?: () => Date;
  /** Where a failure is told as it happens (the run's summary repeats it at the end). */
  report?: (failure: PartFailure, error: unknown) => void;
};

const reportToStderr = (failure: PartFailure, error: unknown) =>
  console.error(`\n${failure.part} FAILED: ${(error as Error)?.stack ?? String(error)}`);

/** Fills `results` with each part's figures and `measuredAt`, and `failures` with the parts that threw; returns the failures. */
export async function runParts(
  parts: readonly PartName[],
  runners: PartRunners,
  results: BenchResults,
  { now = () => new Date(), report = reportToStderr }: RunPartsOptions = {},
): Promise<PartFailure[]> {
  results.measuredAt ??= {};
  results.failures ??= [];
  for (const part of parts) {
    const at = now().toISOString();
    try {
      await measure(part, runners, results);
      results.measuredAt[part] = { commit: results.commit, at, quick: results.quick };
    } catch (error) {
      const failure: PartFailure = { part, error: firstLine(error), commit: results.commit, at };
      results.failures.push(failure);
      report(failure, error);
    }
  }
  return results.failures;
}

async function measure<P extends PartName>(part: P, runners: PartRunners, results: Partial<PartFigures>): Promise<void> {
  results[part] = await runners[part]();
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** A run with a failed part exits non-zero, so scripts and CI notice; missed goals never do. */
export const exitCodeFor = (failures: readonly PartFailure[]): number => (failures.length > 0 ? 1 : 0);

/** The closing lines of a run: nothing when every part ran, else which parts failed and why. */
export function failureSummary(failures: readonly PartFailure[]): string {
  if (failures.length === 0) return '';
  const lines = failures.map((f) => `  ${f.part}: ${f.error}`);
  return [`\n${failures.length} part${failures.length === 1 ? '' : 's'} FAILED (exit code 1); the goals above judge them by an earlier run's figures where today's file has any:`, ...lines].join('\n');
}
