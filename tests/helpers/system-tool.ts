// System programs some tests drive (caddy, docker-compose). On a developer machine without them those tests
// are skipped; in CI (.ci/run sets REQUIRE_BROWSER=1, CI runners set CI) a missing program fails them.
import { execFileSync } from 'node:child_process';

/** True when missing programs must fail the run instead of skipping tests. */
export const systemToolsRequired = process.env.REQUIRE_BROWSER === '1' || Boolean(process.env.CI);

/** The program's path on PATH, or null. */
export function findTool(name: string): string | null {
  try {
    return execFileSync('/bin/sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Whether tests needing the program run (true also when it is missing but required, so they fail). */
export function runsWith(name: string): boolean {
  return findTool(name) !== null || systemToolsRequired;
}

/** The program's path; throws an error naming the fix when it is missing. */
export function requireTool(name: string, install: string): string {
  const path = findTool(name);
  if (!path) throw new Error(`${name} is not installed but these tests need it: ${install} (or run .ci/run, which installs it).`);
  return path;
}
