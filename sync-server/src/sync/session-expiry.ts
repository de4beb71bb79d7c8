// Closes the sockets of a session when it expires. Each instance watches the sessions of its own
// sockets, with one timer for all of them (not one per socket or per session): it fires when the
// earliest known expiry is due, reads the due sessions again in one query, closes those that did expire
// and moves the others on — an expiry slides forward while the session is used (auth/sessions.ts), so
// the time read when a socket opened is only the earliest it can end. A session's time left is read
// once, when its first socket on this instance registers; its other sockets cost nothing.


/** setTimeout's limit (~24.8 days; sessions may last longer): a later expiry is re-armed when this passes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const READ_RETRY_MS = 1_000;
/** Not known yet or due: read at the next check. */
const DUE_NOW = 0;
/** Its sockets were closed: read again only if another socket of it registers. */
const ENDED = Infinity;

type WatchedSession = { readonly userId: string; sockets: number; dueAt: number };

export type SessionExpiryOptions = {
  /** Time left per session id in ms (≤ 0: expired); sessions that were ended are missing (sessionsTimeLeft). */
  readTimeLeft(sessionIds: string[]): Promise<Map<string, number>>;
  /** Closes the session's sockets: it expired, or it was found ended. */
  ended(sessionId: string, userId: string, how: 'expired' | 'revoked'): void;
  /** A read failed; it is retried after a second. */
  readFailed(error: Error): void;
};

export class SessionExpiry {
  private readonly sessions = new Map<string, WatchedSession>();
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = Infinity;
  private checking = false;
  private checkAgain = false;
  private stopped = false;

  constructor(private readonly options: SessionExpiryOptions) {}

  /** A socket of the session registered. */
  watch(sessionId: string, userId: string): void {
    const session = this.sessions.get(sessionId);
    if (session) {
      session.sockets++;
      // Known here already; unless its sockets were closed, and this one looked it up just before it ended.
      if (session.dueAt !== ENDED) return;
      session.dueAt = DUE_NOW;
    } else {
      this.sessions.set(sessionId, { userId, sockets: 1, dueAt: DUE_NOW });
    }
    this.arm(DUE_NOW);
  }

  /** A socket of the session is gone. */
  unwatch(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session || --session.sockets > 0) return;
    this.sessions.delete(sessionId);
    if (this.sessions.size === 0) this.disarm();
  }

  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm(dueAt: number): void {
    if (this.stopped || dueAt === ENDED || (this.timer && dueAt >= this.timerDueAt)) return;
    this.disarm();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(this.fire, Math.min(MAX_TIMER_MS, Math.max(0, dueAt - Date.now())));
    // Never what keeps a stopping process alive.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = Infinity;
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.timerDueAt = Infinity;
    void this.check();
  };

  /** Reads the due sessions, ends the expired ones and arms the timer for the next; one check at a time. */
  private async check(): Promise<void> {
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = true;
    try {
      do {
        this.checkAgain = false;
        await this.checkDue();
      } while (this.checkAgain && !this.stopped);
      this.arm(this.earliestDue());
    } catch (error) {
      this.options.readFailed(error as Error);
      this.arm(Date.now() + READ_RETRY_MS);
    } finally {
      this.checking = false;
    }
  }

  private async checkDue(): Promise<void> {
    const readAt = Date.now();
    const due = [...this.sessions].filter(([, s]) => s.dueAt <= readAt).map(([id]) => id);
    if (due.length === 0 || this.stopped) return;
    const timeLeft = await this.options.readTimeLeft(due);
    for (const id of due) {
      const session = this.sessions.get(id);
      // All its sockets closed during the read.
      if (!session) continue;
      const left = timeLeft.get(id);
      if (left !== undefined && left > 0) {
        // From before the read: at worst a little early, and then read once more.
        session.dueAt = readAt + left;
        continue;
      }
      session.dueAt = ENDED;
      this.options.ended(id, session.userId, left === undefined ? 'revoked' : 'expired');
    }
  }

  private earliestDue(): number {
    let earliest = ENDED;
    for (const session of this.sessions.values()) earliest = Math.min(earliest, session.dueAt);
    return earliest;
  }
}
