// The writer lease of a doc: which instance runs the doc's server writers (employee numbering) while
// several have it open, so two never hand out the same number. A lease is a Postgres advisory session lock
// on a connection of its own: it ends when the holder releases it or when the holder's connection
// ends (the instance crashed), and then another instance takes it over.
import pg from 'pg';
import type { Logger } from '../logger.ts';

export interface DocLeases {
  /**
   * Takes the doc's lease if no other instance holds it; true if this instance holds it now. Within one
   * instance a lease is counted: each successful tryAcquire is paired with one release.
   */
  tryAcquire(doc: string): Promise<boolean>;
  release(doc: string): Promise<void>;
  /**
   * Calls `handler` with each doc whose lease was lost with the connection (another instance may take it
   * now); returns the function that stops calling it.
   */
  onLost(handler: (doc: string) => void): () => void;
  close(): Promise<void>;
}

/** A single instance holds every lease. */
export class LocalDocLeases implements DocLeases {
  async tryAcquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  onLost(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}

export class PgDocLeases implements DocLeases {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  /** How often each doc's lease was taken and not yet released (advisory session locks count the same way). */
  private readonly held = new Map<string, number>();
  private readonly lostHandlers = new Set<(doc: string) => void>();
  private closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly log: Logger,
  ) {}

  async tryAcquire(doc: string): Promise<boolean> {
    if (this.closed) return false;
    const client = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [leaseKey(doc)]);
    if (rows[0]!.locked && this.client === client) this.held.set(doc, (this.held.get(doc) ?? 0) + 1);
    return rows[0]!.locked && this.client === client;
  }

  async release(doc: string): Promise<void> {
    const count = this.held.get(doc);
    if (count === undefined || !this.client) return;
    if (count > 1) this.held.set(doc, count - 1);
    else this.held.delete(doc);
    await this.client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [leaseKey(doc)]).catch((error: Error) => {
      // The connection is broken, which released the lock anyway.
      this.log.warn('could not release a writer lease', { doc, error: error.message });
    });
  }

  onLost(handler: (doc: string) => void): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    const client = this.client ?? (await this.connecting?.catch(() => null));
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({
        connectionString: this.connectionString,
        application_name: 'workmate-writer-leases',
        // A connection a NAT or firewall drops without a reset must still end (and the lease with it).
        keepAlive: true,
        keepAliveInitialDelayMillis: 30_000,
      });
      const lost = (error?: Error) => {
        if (this.client !== client) return;
        this.client = null;
        client.end().catch(() => undefined);
        const docs = [...this.held.keys()];
        this.held.clear();
        if (this.closed) return;
        this.log.warn('lost the writer lease connection; leases end', { docs, error: error?.message });
        for (const doc of docs) for (const handler of this.lostHandlers) handler(doc);
      };
      client.on('error', lost);
      client.on('end', () => lost());
      try {
        await client.connect();
      } catch (error) {
        client.end().catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }
}

/** Its own key space, so a lease never collides with the per-transaction lock on the doc's log. */
function leaseKey(doc: string): string {
  return `writer:${doc}`;
}
