// A bare `ws` socket that does the y-websocket handshake (sync step 1 out, step 2 of an empty doc back,
// wait for the server's step 2) and then stays idle — thousands of these cost the benchmark process far
// less than full providers. Speaks the Hocuspocus framing when the target needs it.
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { framedForHocuspocus, hocuspocusAuthFrame, unframedFromHocuspocus } from './hocuspocus-framing.ts';
import type { Target } from './targets.ts';

const MESSAGE_SYNC = 0;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const EMPTY_STATE_VECTOR = new Uint8Array([0]);
const EMPTY_UPDATE = new Uint8Array([0, 0]);

function syncFrame(subType: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, subType);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Opens a socket for the doc and resolves once the server's sync step 2 arrived. */
export function openIdleSyncSocket(target: Target, docName: string, timeoutMs = 60_000): Promise<WebSocket> {
  const hocuspocus = target.framing === 'hocuspocus';
  const send = (ws: WebSocket, message: Uint8Array) => ws.send(hocuspocus ? framedForHocuspocus(docName, message) : message);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target.docUrl(docName), {
      headers: target.cookie ? { cookie: target.cookie } : {},
      perMessageDeflate: false,
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no sync step 2 for ${docName} within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('open', () => {
      if (hocuspocus) ws.send(hocuspocusAuthFrame(docName));
      send(ws, syncFrame(SYNC_STEP1, EMPTY_STATE_VECTOR));
    });
    ws.on('message', (data: Buffer) => {
      const message = hocuspocus ? unframedFromHocuspocus(new Uint8Array(data)) : new Uint8Array(data);
      if (!message) return;
      const d = decoding.createDecoder(message);
      if (decoding.readVarUint(d) !== MESSAGE_SYNC) return;
      const subType = decoding.readVarUint(d);
      if (subType === SYNC_STEP1) send(ws, syncFrame(SYNC_STEP2, EMPTY_UPDATE));
      if (subType === SYNC_STEP2) {
        clearTimeout(timer);
        resolve(ws);
      }
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`socket for ${docName} closed with ${code} during the handshake`));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
