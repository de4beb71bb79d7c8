// `npm run chaos`: the long chaos run — the scenario of tests/integration/chaos.test.ts for minutes
// instead of seconds, plus two browsers running the built app (run `npm run build` first). Prints a
// summary and exits non-zero if any edit was lost or any replica differs from the server.
//
//   npm run chaos -- --duration=180 --clients=20 --kills=10 --browsers=2 --seed=123
//   (or CHAOS_DURATION_S, CHAOS_CLIENTS, CHAOS_KILLS, CHAOS_BROWSERS, CHAOS_SEED, CHAOS_EDIT_INTERVAL_MS)
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';
import { startBrowserParticipant } from './browser-participant.ts';
import { seededRandom } from './edits.ts';
import { chaosPassed, runChaos, type ChaosParticipant } from './scenario.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    clients: { type: 'string' },
    kills: { type: 'string' },
    browsers: { type: 'string' },
    seed: { type: 'string' },
    'edit-interval': { type: 'string' },
  },
});

function numberOption(flag: string | undefined, env: string, fallback: number): number {
  const raw = flag ?? process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${env} / --option must be a non-negative number, got "${raw}"`);
  return value;
}

const durationS = numberOption(values.duration, 'CHAOS_DURATION_S', 180);
const options = {
  durationMs: durationS * 1_000,
  clients: numberOption(values.clients, 'CHAOS_CLIENTS', 20),
  kills: numberOption(values.kills, 'CHAOS_KILLS', Math.max(5, Math.round(durationS / 15))),
  browsers: numberOption(values.browsers, 'CHAOS_BROWSERS', 2),
  seed: numberOption(values.seed, 'CHAOS_SEED', Date.now() % 1_000_000),
  editIntervalMs: numberOption(values['edit-interval'], 'CHAOS_EDIT_INTERVAL_MS', 250),
};

// Every y-websocket provider in Node adds a process 'exit' listener; twenty clients are expected here.
process.setMaxListeners(0);
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
if (options.browsers > 0 && !existsSync(resolve(import.meta.dirname, '../../build/index.html'))) {
  console.error('The browsers need the built app: run `npm run build` first (or pass --browsers=0).');
  process.exit(2);
}

let browser: Browser | null = null;
const browserAccounts = ['admin@muster-gmbh.de', 'personal@muster-gmbh.de'];
log(`chaos run: ${JSON.stringify(options)}`);
try {
  const summary = await runChaos({
    ...options,
    convergeTimeoutMs: 120_000,
    log,
    extraParticipants: async ({ serverUrl, targets }) => {
      if (options.browsers === 0) return [];
      browser = await launchBrowser();
      const random = seededRandom(options.seed + 1);
      const participants: ChaosParticipant[] = [];
      for (let i = 0; i < options.browsers; i++) {
        participants.push(
          await startBrowserParticipant({
            browser,
            name: `b${i}`,
            serverUrl,
            email: browserAccounts[i % browserAccounts.length]!,
            employeeId: targets.orgEmployeeId,
            editIntervalMs: options.editIntervalMs * 2,
            random,
          }),
        );
      }
      return participants;
    },
  });
  const passed = chaosPassed(summary);
  console.log('\nChaos run summary');
  console.log(`  seed             ${summary.seed}`);
  console.log(`  duration         ${(summary.durationMs / 1000).toFixed(1)} s`);
  console.log(`  replicas         ${summary.replicas} (${summary.clients} Node clients, 1 client process, ${options.browsers} browsers)`);
  console.log(`  edits made       ${summary.editsMade} (${Object.entries(summary.editsBy).map(([who, n]) => `${who}: ${n}`).join(', ')})`);
  console.log(`  present          ${summary.present}`);
  console.log(`  lost             ${summary.lost.length}`);
  console.log(`  server kills     ${summary.kills} (SIGKILL + restart)`);
  console.log(`  network          ${summary.cuts} cuts, ${summary.delays} delays, ${summary.refusals} refusals, ${summary.offlineSpells} offline spells`);
  console.log(`  process restarts ${summary.processRestarts}`);
  console.log(`  converged        ${summary.mismatches.length === 0 ? 'yes' : `no: ${summary.mismatches.slice(0, 10).join('; ')}`}`);
  console.log(`  employee numbers ${summary.employeeNumberProblems.length === 0 ? 'unique, gapless' : summary.employeeNumberProblems.slice(0, 10).join('; ')}`);
  for (const edit of summary.lost.slice(0, 20)) console.log(`  LOST ${edit.doc} ${edit.kind} ${edit.id}`);
  console.log(passed ? '\nPASS: nothing lost, every replica equals the server.' : '\nFAIL');
  process.exitCode = passed ? 0 : 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await (browser as Browser | null)?.close();
}
