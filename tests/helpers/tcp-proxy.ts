// A TCP proxy on loopback that a test controls: each client gets a link (its own listening port) in
// front of the server, so the test can cut one client's connections, slow them down, or refuse its new
// connections for a while — without touching the other clients. The target port stays fixed, so a
// server restarted on the same port is reached again by the next connection. In front of Postgres
// (proxyFor(DATABASE_URL)), a link is one server instance losing its database while the others keep theirs.
import net from 'node:net';

export type ProxyLink = {
  readonly name: string;
  /** `http://127.0.0.1:<port>` of this link; use it as the client's server URL. */
  readonly url: string;
  readonly port: number;
  /** `url` (e.g. a postgres:// URL of the target) with host and port of this link: connections through it. */
  via(url: string): string;
  /** Destroys every open connection of this link (both sides), as a dropped network does. */
  cut(): void;
  /** Holds back each chunk in both directions for `ms` (0 = none), keeping order. */
  setDelay(ms: number): void;
  /** While true, new connections are accepted and closed at once (the server looks unreachable). */
  setRefusing(refusing: boolean): void;
  readonly openConnections: number;
};

export type TcpProxy = {
  link(name: string): Promise<ProxyLink>;
  close(): Promise<void>;
};

/** A proxy in front of the service `url` points at (e.g. a postgres:// database URL). */
export function proxyFor(url: string, defaultPort = 5432): TcpProxy {
  const target = new URL(url);
  return createTcpProxy(Number(target.port || defaultPort), target.hostname);
}

export function createTcpProxy(targetPort: number, targetHost = '127.0.0.1'): TcpProxy {
  const servers: net.Server[] = [];
  const everySocket = new Set<net.Socket>();

  async function link(name: string): Promise<ProxyLink> {
    const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
    let delayMs = 0;
    let refusing = false;

    const server = net.createServer((client) => {
      everySocket.add(client);
      client.once('close', () => everySocket.delete(client));
      if (refusing) {
        client.resetAndDestroy();
        return;
      }
      const upstream = net.connect(targetPort, targetHost);
      everySocket.add(upstream);
      upstream.once('close', () => everySocket.delete(upstream));
      const pair = { client, upstream };
      pairs.add(pair);
      const end = () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      forward(client, upstream, () => delayMs);
      forward(upstream, client, () => delayMs);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;

    return {
      name,
      url: `http://127.0.0.1:${port}`,
      port,
      via(url) {
        const proxied = new URL(url);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(port);
        return proxied.toString();
      },
      cut() {
        for (const { client, upstream } of pairs) {
          client.resetAndDestroy();
          upstream.destroy();
        }
        pairs.clear();
      },
      setDelay(ms) {
        delayMs = ms;
      },
      setRefusing(value) {
        refusing = value;
      },
      get openConnections() {
        return pairs.size;
      },
    };
  }

  return {
    link,
    async close() {
      for (const socket of everySocket) socket.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

/** Pipes `from` into `to`; with a delay, each chunk leaves `ms` after it arrived, in arrival order. */
function forward(from: net.Socket, to: net.Socket, delayOf: () => number): void {
  const queue: Array<{ due: number; chunk: Buffer }> = [];
  let timer: NodeJS.Timeout | null = null;
  const drain = () => {
    timer = null;
    while (queue.length > 0 && queue[0]!.due <= Date.now()) {
      const { chunk } = queue.shift()!;
      if (!to.destroyed) to.write(chunk);
    }
    if (queue.length > 0) timer = setTimeout(drain, queue[0]!.due - Date.now());
  };
  from.on('data', (chunk: Buffer) => {
    const delay = delayOf();
    if (delay === 0 && queue.length === 0) {
      if (!to.destroyed) to.write(chunk);
      return;
    }
    queue.push({ due: Date.now() + delay, chunk });
    if (!timer) timer = setTimeout(drain, Math.max(0, queue[0]!.due - Date.now()));
  });
  from.once('close', () => {
    if (timer) clearTimeout(timer);
  });
}
