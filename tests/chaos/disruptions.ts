// What goes wrong during a chaos run: the server is SIGKILLed and restarted at random moments, and
// single clients' connections are cut, slowed down or refused, or the device goes offline for a while
// (and keeps editing). Both draw from the run's seeded random source.
import type { ServerProcess } from '../helpers/server-process.ts';
import type { ProxyLink } from '../helpers/tcp-proxy.ts';
import { pick, type Random } from './edits.ts';
import type { ChaosClient } from './chaos-client.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const between = (random: Random, min: number, max: number) => min + (max - min) * random();

export class ServerKiller {
  kills = 0;
  done = false;
  stopped = false;

  constructor(
    private readonly server: ServerProcess,
    private readonly random: Random,
    private readonly planned: number,
    private readonly durationMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Spreads the kills over the run: one at a random moment of each slot, each followed by a restart. */
  async run(): Promise<void> {
    const started = Date.now();
    const slotMs = Math.max(1_500, this.durationMs / Math.max(1, this.planned));
    for (let i = 0; i < this.planned; i++) {
      await pause(started + (i + between(this.random, 0.2, 0.8)) * slotMs - Date.now());
      if (this.stopped) return;
      await this.server.stop('SIGKILL');
      this.kills++;
      const downMs = between(this.random, 200, 1_500);
      this.log(`server killed (${this.kills}/${this.planned}); down for ${Math.round(downMs)} ms`);
      await pause(downMs);
      if (this.stopped) return;
      await this.server.restart();
    }
    this.done = true;
  }

  /** No further kills or restarts (the run is being torn down). */
  stop(): void {
    this.stopped = true;
  }
}

type Target = { link: ProxyLink; client?: ChaosClient };

export class NetworkChaos {
  readonly counts = { cuts: 0, delays: 0, refusals: 0, offlineSpells: 0 };
  private readonly busy = new Set<Target>();
  private readonly undos = new Map<Target, NodeJS.Timeout>();

  constructor(
    private readonly random: Random,
    private readonly targets: readonly Target[],
  ) {}

  async runUntil(stop: () => boolean): Promise<void> {
    while (!stop()) {
      await pause(between(this.random, 150, 500));
      const free = this.targets.filter((t) => !this.busy.has(t));
      if (free.length > 0) this.disrupt(pick(this.random, free));
    }
  }

  /** Ends every disruption: no delay, no refusal, every device online. */
  async heal(): Promise<void> {
    for (const timer of this.undos.values()) clearTimeout(timer);
    this.undos.clear();
    this.busy.clear();
    for (const { link, client } of this.targets) {
      link.setDelay(0);
      link.setRefusing(false);
      if (client?.isOffline) client.goOnline();
    }
  }

  private disrupt(target: Target): void {
    const { link, client } = target;
    const roll = this.random();
    if (roll < 0.35) {
      link.cut();
      this.counts.cuts++;
      return;
    }
    const forMs = between(this.random, 1_000, 4_000);
    const hold = (undo: () => void) => {
      this.busy.add(target);
      this.undos.set(
        target,
        setTimeout(() => {
          this.undos.delete(target);
          this.busy.delete(target);
          undo();
        }, forMs),
      );
    };
    if (roll < 0.6) {
      link.setDelay(Math.round(between(this.random, 50, 600)));
      this.counts.delays++;
      hold(() => link.setDelay(0));
    } else if (roll < 0.8 || !client) {
      link.setRefusing(true);
      link.cut();
      this.counts.refusals++;
      hold(() => link.setRefusing(false));
    } else {
      client.goOffline();
      this.counts.offlineSpells++;
      hold(() => client.goOnline());
    }
  }
}
