// The cluster bus over Postgres LISTEN/NOTIFY: every instance of one company already shares the database,
// so no other service is needed. One dedicated connection listens (a pooled one could be handed to
// someone else); notifications are sent through the pool. NOTIFY is per database, so two companies on one
// Postgres server never see each other's messages.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { DocPosition } from '../persistence/doc-store.ts';
import { ClusterSubscribers, decodeMessage, encodeMessages, type AccessChange, type ClusterBus, type ClusterHandlers, type DocsOpen } from './cluster-bus.ts';

export const CLUSTER_CHANNEL = 'workmate_cluster';
const MAX_RECONNECT_DELAY_MS = 5_000;

export class PgClusterBus implements ClusterBus {
  private readonly instance = randomUUID();
  private readonly subscribers = new ClusterSubscribers();
  private listener: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failedConnects = 0;
  private closed = false;

  private constructor(
    private readonly connectionString: string,
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  /** Starts listening; resolves once the first LISTEN is in place. */
  static async start(connectionString: string, pool: pg.Pool, log: Logger): Promise<PgClusterBus> {
    const bus = new PgClusterBus(connectionString, pool, log);
    await bus.listen();
    return bus;
  }

  publish(doc: string, position: DocPosition): void {
    this.notify(encodeMessages(this.instance, { doc: { doc, position } }));
  }

  publishAccessChange(change: AccessChange): void {
    this.notify(encodeMessages(this.instance, { access: change }));
  }

  publishAwareness(doc: string, update: Uint8Array): void {
    this.notify(encodeMessages(this.instance, { awareness: { doc, update } }));
  }

  publishDocsOpen(docs: string[], state: DocsOpen['state']): void {
    this.notify(encodeMessages(this.instance, { docsOpen: { docs, state } }));
  }

  subscribe(handlers: ClusterHandlers): () => void {
    return this.subscribers.add(handlers);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private notify(payloads: string[]): void {
    for (const payload of payloads) {
      this.pool.query('SELECT pg_notify($1, $2)', [CLUSTER_CHANNEL, payload]).catch((error: Error) => {
        // The others catch up when they next hear about the doc, or when their bus reconnects.
        this.log.warn('could not notify the other server instances', { error: error.message });
      });
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'workmate-cluster-bus',
      // A listener a NAT or firewall drops without a reset would otherwise wait forever, hearing nothing.
      keepAlive: true,
      keepAliveInitialDelayMillis: 30_000,
    });
    client.on('notification', (note) => {
      if (note.channel !== CLUSTER_CHANNEL || note.payload === undefined) return;
      const message = decodeMessage(note.payload);
      if (!message) return this.log.warn('ignoring a malformed cluster message', { payload: note.payload.slice(0, 200) });
      if (message.origin !== this.instance) this.subscribers.deliver(message);
    });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.log.warn('lost the cluster bus connection; reconnecting', { error: error?.message });
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    try {
      await client.query(`LISTEN ${CLUSTER_CHANNEL}`);
    } catch (error) {
      // Connected but not listening (e.g. a standby refuses LISTEN): end it, or each retry would leave one open.
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
  }

  private scheduleReconnect(): void {
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 100 * 2 ** this.failedConnects);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().then(
        () => {
          this.failedConnects = 0;
          this.log.info('cluster bus reconnected');
          this.subscribers.reconnected();
        },
        (error: Error) => {
          this.failedConnects++;
          this.log.warn('could not reconnect the cluster bus; retrying', { error: error.message });
          if (!this.closed) this.scheduleReconnect();
        },
      );
    }, delay);
  }
}
