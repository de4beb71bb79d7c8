// Tells the rooms when the database answers again after their writes failed, so updates held through an
// outage are stored as soon as it ends rather than when each room's back-off runs out (up to 30 s). One
// probe for the whole server: a trivial query, repeated while the database does not answer.
import type { Logger } from '../logger.ts';

/** Between two probes while the database does not answer. */
export const PROBE_INTERVAL_MS = 300;
/** A probe that has not answered by then marks the database unreachable (it may still answer later). */
export const PROBE_SLOW_MS = 2_000;

export type DatabaseProbeOptions = {
  /** A cheap query through the pool; resolves when the database answers it. */
  ping: () => Promise<unknown>;
  log: Pick<Logger, 'info' | 'warn'>;
};

export class DatabaseProbe {
  private readonly backListeners = new Set<() => void>();
  private probing = false;
  /** Date.now() of the first probe that failed in the current outage; null while none did. */
  private unreachableSince: number | null = null;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(private readonly options: DatabaseProbeOptions) {}

  /** Calls `listener` each time the database answers again after a probe found it unreachable. */
  onBack(listener: () => void): () => void {
    this.backListeners.add(listener);
    return () => this.backListeners.delete(listener);
  }

  /**
   * A write failed: probe now. If the database answers at once, the write failed for a reason of its
   * own (a bad batch, a constraint) and the writer's back-off stays in charge — retrying it sooner
   * would only spin. If it does not answer, probe until it does, then call the onBack listeners.
   */
  writeFailed(): void {
    if (this.probing || this.closed) return;
    this.probing = true;
    void this.probeUntilAnswered().finally(() => (this.probing = false));
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private async probeUntilAnswered(): Promise<void> {
    while (!(await this.answers())) {
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, PROBE_INTERVAL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      if (this.closed) return;
    }
    if (this.unreachableSince === null || this.closed) return;
    const downMs = Date.now() - this.unreachableSince;
    this.unreachableSince = null;
    this.options.log.info('the database answers again; storing the updates held meanwhile', { downMs });
    for (const listener of this.backListeners) listener();
  }

  /** One probe at a time: a hung one is waited for (the pool's connect timeout ends it), not stacked. */
  private async answers(): Promise<boolean> {
    const slow = setTimeout(() => this.markUnreachable(`no answer within ${PROBE_SLOW_MS} ms`), PROBE_SLOW_MS);
    try {
      await this.options.ping();
      return true;
    } catch (error) {
      this.markUnreachable((error as Error).message);
      return false;
    } finally {
      clearTimeout(slow);
    }
  }

  private markUnreachable(reason: string): void {
    if (this.unreachableSince !== null) return;
    this.unreachableSince = Date.now();
    this.options.log.warn('the database does not answer; updates are held in memory until it does', { reason });
  }
}
