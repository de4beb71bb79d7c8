// Nothing typed is ever lost: 20 clients and one client process edit three docs while the server is
// SIGKILLed and restarted five times, single connections are cut, slowed and refused, clients go offline
// and keep editing, and the client process is killed and restarted from its files. Then every replica
// equals the server's doc (as a fresh client and the database see it) and every edit is in it.
// The long version with browsers is `npm run chaos` (tests/chaos/run.ts).
import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/scenario.ts';

describe('chaos', () => {
  it('loses no edit and converges through kill -9 restarts, cut, slow and refused connections and a client restart', { timeout: 150_000 }, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
    const log = process.env.CHAOS_LOG ? (line: string) => console.log(line) : undefined;
    const summary = await runChaos({ clients: 20, durationMs: 25_000, kills: 5, editIntervalMs: 250, seed, convergeTimeoutMs: 45_000, log });
    log?.(JSON.stringify({ ...summary, lost: summary.lost.length }));
    const context = `seed ${seed}: ${JSON.stringify({ ...summary, lost: summary.lost.slice(0, 10) })}`;
    expect(summary.kills, context).toBeGreaterThanOrEqual(5);
    expect(summary.processRestarts, context).toBe(1);
    expect(summary.offlineSpells + summary.cuts + summary.delays + summary.refusals, context).toBeGreaterThan(0);
    expect(summary.editsMade, context).toBeGreaterThan(1_000);
    expect(summary.mismatches, context).toEqual([]);
    expect(summary.lost, context).toEqual([]);
    expect(summary.employeeNumberProblems, context).toEqual([]);
  });
});
