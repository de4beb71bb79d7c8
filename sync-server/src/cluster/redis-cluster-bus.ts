// The cluster bus over Redis pub/sub (REDIS_URL), for deployments that already run Redis or want the
// fan-out off the database. The channel name carries the Postgres cluster's identity and the database
// name (as the database itself reports them, so instances reaching it through different addresses still
// agree), and two companies sharing one Redis never see each other's messages. Subscribing needs a
// connection of its own.
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import type { DocPosition } from '../persistence/doc-store.ts';
import { StartupError } from '../startup-error.ts';
import { ClusterSubscribers, decodeMessage, encodeMessages, type AccessChange, type ClusterBus, type ClusterHandlers, type DocsOpen } from './cluster-bus.ts';

const MAX_RECONNECT_DELAY_MS = 5_000;

type RedisClient = ReturnType<typeof createClient>;

/** `workmate_cluster:<Postgres system identifier>:<database>` of the database the instances share. */
export async function redisChannelFor(db: pg.Pool, log: Logger): Promise<string> {
  const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
  const name = rows[0]!.name;
  try {
    const system = await db.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()');
    return `workmate_cluster:${system.rows[0]!.id}:${name}`;
  } catch (error) {
    // Some hosted Postgres services hide pg_control_system; the database name alone must then be unique per Redis.
    log.warn('cannot read the Postgres system identifier; the Redis channel uses the database name only', { error: (error as Error).message });
    return `workmate_cluster:${name}`;
  }
}

export class RedisClusterBus implements ClusterBus {
  private readonly instance = randomUUID();
  private readonly subscribers = new ClusterSubscribers();
  private closed = false;
  /**
   * What could not be published while Redis was unreachable, sent once it is back: per doc only its latest
   * pointer, and every access change. Presence and docs-open words are dropped (renewed or asked again).
   * Bounded by the docs and access changes of the outage, unlike the client's own queue of every command.
   */
  private readonly unsent = new Map<string, string>();
  private accessChanges = 0;
  /** Warned about the current outage already (once per outage, not once per message). */
  private publishFailing = false;

  private constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly channel: string,
    private readonly log: Logger,
  ) {}

  /** Connects and subscribes; rejects with what to do when Redis cannot be reached at start. */
  static async start(redisUrl: string, db: pg.Pool, log: Logger): Promise<RedisClusterBus> {
    const channel = await redisChannelFor(db, log);
    const publisher = connectClient(redisUrl, 'publish', log, { disableOfflineQueue: true });
    const subscriber = connectClient(redisUrl, 'subscribe', log);
    const bus = new RedisClusterBus(publisher.client, subscriber.client, channel, log);
    // The client re-subscribes by itself after a reconnect; what was published meanwhile is lost. The first
    // 'ready' is the initial connect, emitted before connect() resolves: every one after start is a reconnect.
    let started = false;
    subscriber.client.on('ready', () => {
      if (!started) return;
      log.info('cluster bus reconnected');
      bus.subscribers.reconnected();
    });
    try {
      await Promise.all([publisher.ready, subscriber.ready]);
      await subscriber.client.subscribe(bus.channel, (payload) => bus.receive(payload));
    } catch (error) {
      await bus.close();
      const { host } = new URL(redisUrl);
      throw new StartupError(
        `Cannot reach Redis at REDIS_URL (${host}: ${(error as Error).message}). Start Redis, fix REDIS_URL, or unset it to fan out through Postgres.`,
      );
    }
    publisher.client.on('ready', () => {
      if (started) bus.sendUnsent();
    });
    started = true;
    return bus;
  }

  publish(doc: string, position: DocPosition): void {
    this.send(encodeMessages(this.instance, { doc: { doc, position } }), () => `doc:${doc}`);
  }

  publishAccessChange(change: AccessChange): void {
    this.send(encodeMessages(this.instance, { access: change }), () => `access:${this.accessChanges++}`);
  }

  publishAwareness(doc: string, update: Uint8Array): void {
    this.send(encodeMessages(this.instance, { awareness: { doc, update } }));
  }

  publishDocsOpen(docs: string[], state: DocsOpen['state']): void {
    this.send(encodeMessages(this.instance, { docsOpen: { docs, state } }));
  }

  subscribe(handlers: ClusterHandlers): () => void {
    return this.subscribers.add(handlers);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.subscriber, this.publisher].map((c) => (c.isOpen ? c.close() : c.destroy())));
  }

  private receive(payload: string): void {
    const message = decodeMessage(payload);
    if (!message) return this.log.warn('ignoring a malformed cluster message', { payload: payload.slice(0, 200) });
    if (message.origin !== this.instance) this.subscribers.deliver(message);
  }

  /** `keep` names a payload worth sending after an outage (the same name replaces an older one). */
  private send(payloads: string[], keep?: () => string): void {
    if (this.closed) return;
    for (const payload of payloads) {
      const key = keep?.();
      this.publisher.publish(this.channel, payload).catch((error: Error) => {
        if (this.closed) return;
        if (key !== undefined) this.unsent.set(key, payload);
        if (this.publishFailing) return;
        this.publishFailing = true;
        this.log.warn('could not notify the other server instances; sending doc pointers and access changes once Redis is back', { error: error.message });
      });
    }
  }

  /** Redis is back: send what the outage held back. */
  private sendUnsent(): void {
    this.publishFailing = false;
    const payloads = [...this.unsent];
    this.unsent.clear();
    for (const [key, payload] of payloads) this.send([payload], () => key);
  }
}

/** A client that gives up at start if Redis is unreachable, and reconnects for ever once it was connected. */
function connectClient(url: string, role: string, log: Logger, options: { disableOfflineQueue?: boolean } = {}): { client: RedisClient; ready: Promise<void> } {
  let connected = false;
  const client = createClient({
    url,
    ...options,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(MAX_RECONNECT_DELAY_MS, 100 * 2 ** retries) : cause,
    },
  });
  // Without a listener an error would end the process; the client reconnects by itself.
  client.on('error', (error: Error) => {
    if (connected) log.warn('cluster bus (Redis) connection error', { role, error: error.message });
  });
  const ready = client.connect().then(() => {
    connected = true;
  });
  return { client: client as RedisClient, ready };
}
