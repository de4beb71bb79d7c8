// The one client every server under test gets: an unmodified y-websocket WebsocketProvider over `ws`,
// with the session cookie for our server and the Hocuspocus framing adapter for Hocuspocus.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { arrivalStampingSocketClass, type ArrivalClock } from './arrival-stamps.ts';
import { hocuspocusSocketClass } from './hocuspocus-framing.ts';
import type { Target } from './targets.ts';

/** What a client needs to reach a server under test; plain data, so it can be handed to a worker thread. */
export type ClientTarget = Pick<Target, 'label' | 'providerBase' | 'cookie' | 'framing'>;

export const clientTargetOf = ({ label, providerBase, cookie, framing }: Target): ClientTarget => ({ label, providerBase, cookie, framing });

export type BenchClient = { doc: Y.Doc; provider: WebsocketProvider; destroy(): void };

function socketClassFor(target: ClientTarget, docName: string): unknown {
  if (target.framing === 'hocuspocus') return hocuspocusSocketClass(docName);
  if (target.cookie === null) return WebSocket;
  const cookie: string = target.cookie;
  return class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

/** With `arrivals`, frames are stamped as they are read and applied a moment later (arrival-stamps.ts). */
export function connectClient(target: ClientTarget, docName: string, doc = new Y.Doc(), arrivals?: ArrivalClock): BenchClient {
  const socketClass = socketClassFor(target, docName);
  const provider = new WebsocketProvider(target.providerBase, docName, doc, {
    WebSocketPolyfill: (arrivals ? arrivalStampingSocketClass(socketClass as never, arrivals) : socketClass) as typeof globalThis.WebSocket,
    // Each client stands for a separate device; the cross-tab channel would connect them in-process.
    disableBc: true,
    maxBackoffTime: 500,
  });
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Connects `count` clients to one doc, a few at a time, and waits until every one has synced. */
export async function connectSyncedClients(target: ClientTarget, docName: string, count: number, arrivals?: ArrivalClock, timeoutMs = 60_000): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < count; i++) {
    clients.push(connectClient(target, docName, new Y.Doc(), arrivals));
    if (i % 10 === 9 || i === count - 1) await whenSynced(clients, deadline, docName);
  }
  return clients;
}

export async function whenSynced(clients: BenchClient[], deadline: number, what = 'the doc'): Promise<void> {
  while (!clients.every((c) => c.provider.synced)) {
    if (Date.now() > deadline) {
      const waiting = clients.filter((c) => !c.provider.synced).length;
      for (const c of clients) c.destroy();
      throw new Error(`${waiting} of ${clients.length} clients did not sync ${what} in time; is the server overloaded or refusing them?`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
