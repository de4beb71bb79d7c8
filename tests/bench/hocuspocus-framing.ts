// Lets the standard y-websocket client talk to @hocuspocus/server, which cannot speak plain y-websocket:
// Hocuspocus puts the doc name (a varString) before every message and waits for an Auth message before
// it syncs. This WebSocket stand-in adds the doc name to what the client sends (after one Auth frame
// with an empty token), strips it from what arrives, renames SyncReply (4) to Sync (0) and drops the
// messages only Hocuspocus clients understand (Auth replies, SyncStatus acks, stateless). Everything
// else — the provider, the sync protocol, the doc — is the same client code as for the other servers.
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { ProviderSocketBase } from './provider-socket.ts';

const HocuspocusType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SyncReply: 4 } as const;
const AUTH_TOKEN = 0;

export function framedForHocuspocus(docName: string, message: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, docName);
  encoding.writeUint8Array(e, message);
  return encoding.toUint8Array(e);
}

export function hocuspocusAuthFrame(docName: string, token = ''): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, docName);
  encoding.writeVarUint(e, HocuspocusType.Auth);
  encoding.writeVarUint(e, AUTH_TOKEN);
  encoding.writeVarString(e, token);
  return encoding.toUint8Array(e);
}

/** The y-websocket message inside a Hocuspocus frame, or null for messages the client would not understand. */
export function unframedFromHocuspocus(frame: Uint8Array): Uint8Array | null {
  const d = decoding.createDecoder(frame);
  decoding.readVarString(d);
  const type = decoding.readVarUint(d);
  const rest = frame.subarray(d.pos);
  switch (type) {
    case HocuspocusType.Sync:
    case HocuspocusType.SyncReply:
    case HocuspocusType.Awareness:
    case HocuspocusType.QueryAwareness: {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, type === HocuspocusType.SyncReply ? HocuspocusType.Sync : type);
      encoding.writeUint8Array(e, rest);
      return encoding.toUint8Array(e);
    }
    default:
      return null;
  }
}

/** A WebSocket class for one doc, to pass as the provider's `WebSocketPolyfill`. */
export function hocuspocusSocketClass(docName: string) {
  return class HocuspocusFramedSocket extends ProviderSocketBase {
    binaryType = 'arraybuffer';
    private readonly ws: WebSocket;

    constructor(url: string) {
      super();
      this.ws = new WebSocket(url);
      this.ws.binaryType = 'arraybuffer';
      this.ws.on('open', () => {
        this.ws.send(hocuspocusAuthFrame(docName));
        this.onopen?.({});
      });
      this.ws.on('message', (data: ArrayBuffer) => {
        const inner = unframedFromHocuspocus(new Uint8Array(data));
        if (inner) this.onmessage?.({ data: inner.buffer.slice(inner.byteOffset, inner.byteOffset + inner.byteLength) });
      });
      this.ws.on('close', (code, reason) => this.onclose?.({ code, reason: reason.toString() }));
      this.ws.on('error', (error) => this.onerror?.(error));
    }

    get readyState(): number {
      return this.ws.readyState;
    }

    send(data: Uint8Array): void {
      this.ws.send(framedForHocuspocus(docName, data));
    }

    close(code?: number, reason?: string): void {
      this.ws.close(code, reason);
    }
  };
}
