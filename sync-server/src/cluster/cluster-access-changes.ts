// Access changes reach the sockets of every instance: the REST handler's instance re-checks its own
// sockets at once and publishes the change; each other instance re-checks its own when the message
// arrives. The re-check always reads the committed state from Postgres, so the message only says whom.
// When messages may have been lost (the bus reconnected, or a re-check failed) every open socket is
// checked again against Postgres, retrying until that works — and sockets still between their session
// lookup and registration count it as a change they may have missed (SocketRegistry.accessChangesHeard).
import type pg from 'pg';
import type { AccessChanges, EndedSessions } from '../auth/access-changes.ts';
import type { Logger } from '../logger.ts';
import type { AccessChange, ClusterBus } from './cluster-bus.ts';

const RECHECK_RETRY_MS = 1_000;

/** The sockets of this instance: AccessChanges plus which sessions have sockets open (SocketRegistry). */
export type LocalSockets = AccessChanges & { openSessions(): Map<string, Set<string>>; changesMayHaveBeenMissed(): void; stop(): void };

export class ClusterAccessChanges implements AccessChanges {
  private readonly unsubscribe: () => void;
  private recheckRetry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly local: LocalSockets,
    private readonly bus: ClusterBus,
    private readonly db: pg.Pool,
    private readonly log: Logger,
  ) {
    this.unsubscribe = bus.subscribe({
      accessChanged: (change) => this.applyLocally(change),
      reconnected: () => void this.recheckOpenSockets(),
    });
  }

  async userChanged(userId: string): Promise<void> {
    this.bus.publishAccessChange({ kind: 'user', userId });
    await this.local.userChanged(userId);
  }

  async roleChanged(roleKey: string): Promise<void> {
    this.bus.publishAccessChange({ kind: 'role', roleKey });
    await this.local.roleChanged(roleKey);
  }

  sessionsEnded(userId: string, which: EndedSessions): void {
    const copy = 'only' in which ? { only: [...which.only] } : { allExcept: which.allExcept };
    this.bus.publishAccessChange({ kind: 'sessions', userId, which: copy });
    this.local.sessionsEnded(userId, which);
  }

  /** Stops listening, and stops the local sockets' own timers (session expiry) before the database closes. */
  stop(): void {
    this.stopped = true;
    if (this.recheckRetry) clearTimeout(this.recheckRetry);
    this.unsubscribe();
    this.local.stop();
  }

  private applyLocally(change: AccessChange): void {
    const apply = async () => {
      if (change.kind === 'user') await this.local.userChanged(change.userId);
      else if (change.kind === 'role') await this.local.roleChanged(change.roleKey);
      else this.local.sessionsEnded(change.userId, change.which);
    };
    apply().catch((error: Error) => {
      this.log.error('could not apply an access change from another instance; re-checking every socket', { change, error: error.message });
      this.scheduleRecheck();
    });
  }

  /** Closes the sockets of sessions that ended and re-checks every user with open sockets. */
  private async recheckOpenSockets(): Promise<void> {
    if (this.stopped) return;
    this.local.changesMayHaveBeenMissed();
    const open = this.local.openSessions();
    try {
      const ids = [...open.values()].flatMap((sessions) => [...sessions]);
      const { rows } = await this.db.query<{ id: string }>(
        `SELECT encode(id_hash, 'hex') AS id FROM sessions
          WHERE id_hash = ANY($1::bytea[]) AND revoked_at IS NULL AND expires_at > now()`,
        [ids.map((id) => Buffer.from(id, 'hex'))],
      );
      const valid = new Set(rows.map((r) => r.id));
      for (const [userId, sessions] of open) {
        const ended = [...sessions].filter((id) => !valid.has(id));
        if (ended.length > 0) this.local.sessionsEnded(userId, { only: ended });
        await this.local.userChanged(userId);
      }
    } catch (error) {
      this.log.warn('could not re-check open sockets after missed access changes; will retry', { error: (error as Error).message });
      this.scheduleRecheck();
    }
  }

  private scheduleRecheck(): void {
    if (this.stopped || this.recheckRetry) return;
    this.recheckRetry = setTimeout(() => {
      this.recheckRetry = null;
      void this.recheckOpenSockets();
    }, RECHECK_RETRY_MS);
  }
}
