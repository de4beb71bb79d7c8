// A Node y-websocket client (like node-sync-client.ts) for https origins: it trusts the given CA (Caddy's
// local one) and can send the same query parameters as the web app (`acks=1`).
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { NodeSyncClient } from './node-sync-client.ts';

export type TlsSyncOptions = { ca: string; params?: Record<string, string> };

export function connectTlsClient(origin: string, docName: string, cookie: string, { ca, params }: TlsSyncOptions, doc = new Y.Doc()): NodeSyncClient {
  const closes: number[] = [];
  class TrustingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie }, ca });
      this.addEventListener('close', (event) => closes.push(event.code));
    }
  }
  const provider = new WebsocketProvider(origin.replace(/^https/, 'wss') + '/sync', docName, doc, {
    WebSocketPolyfill: TrustingWebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 300,
    disableBc: true,
    params,
  });
  return { doc, provider, closes, destroy: () => provider.destroy() };
}
