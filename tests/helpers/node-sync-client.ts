// An unmodified y-websocket WebsocketProvider running in Node, authenticated with a session cookie.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export type NodeSyncClient = { doc: Y.Doc; provider: WebsocketProvider; closes: number[]; destroy(): void };

export function connectNodeClient(baseUrl: string, docName: string, cookie: string | null, doc = new Y.Doc()): NodeSyncClient {
  const closes: number[] = [];
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
      this.addEventListener('close', (event) => closes.push(event.code));
    }
  }
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/sync', docName, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 300,
    // Each client stands for a separate device. In Node, y-websocket's cross-tab channel would connect
    // every provider of the process (and let one user's edits travel through another user's socket).
    disableBc: true,
  });
  return {
    doc,
    provider,
    closes,
    destroy() {
      provider.destroy();
    },
  };
}
