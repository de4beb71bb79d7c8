// A bare sync socket that asks for `Stored` acks (`?acks=1`) as the web app does, and records every ack.
// It speaks y-websocket's sync protocol by hand, so a test can make a round trip (sync step 1 out, the
// server's step 2 back) that proves every frame the server sent before has arrived — "no ack came" is
// then a fact, not a guess about timing.
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ACKS_PARAM, MessageType } from '@workmate/sync-protocol';
import { waitFor } from './wait-for.ts';

const FROM_SERVER = Symbol('from server');

export type AckedSyncSocket = {
  readonly doc: Y.Doc;
  /** Every `Stored` state vector the server sent, oldest first (the first one arrives on joining). */
  readonly acks: Map<number, number>[];
  /** Whether some ack covers this socket's own edits up to now. */
  ownEditsAcked(): boolean;
  /** Resolves once the server answered a sync step 1 sent now: whatever it sent before has arrived. */
  roundTrip(): Promise<void>;
  close(): void;
};

export async function openAckedSyncSocket(baseUrl: string, docName: string, cookie: string): Promise<AckedSyncSocket> {
  const doc = new Y.Doc();
  const acks: Map<number, number>[] = [];
  let step2Count = 0;
  let closed: number | null = null;
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sync/${docName}?${ACKS_PARAM}=1`, { headers: { cookie } });
  ws.binaryType = 'arraybuffer';

  const sendSync = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    write(encoder);
    ws.send(encoding.toUint8Array(encoder));
  };
  ws.on('open', () => sendSync((encoder) => syncProtocol.writeSyncStep1(encoder, doc)));
  ws.on('close', (code) => (closed = code));
  // Without a listener a refused upgrade would be thrown out of the test process; the close says enough.
  ws.on('error', () => undefined);
  ws.on('message', (data: ArrayBuffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Stored) {
      acks.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    } else if (type === MessageType.Sync) {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MessageType.Sync);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, doc, FROM_SERVER);
      // Answering the server's step 1 with our step 2.
      if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
      if (syncType === syncProtocol.messageYjsSyncStep2) step2Count++;
    }
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== FROM_SERVER) sendSync((encoder) => syncProtocol.writeUpdate(encoder, update));
  });

  /** `condition`, failing fast once the socket is closed. */
  const whileOpen = (condition: () => boolean) => () => {
    if (closed !== null) throw new Error(`the server closed the ${docName} socket with ${closed}`);
    return condition();
  };
  await waitFor(
    whileOpen(() => step2Count > 0 && acks.length > 0),
    { timeoutMs: 20_000, what: `the ${docName} socket to sync and get its first ack` },
  );

  return {
    doc,
    acks,
    ownEditsAcked() {
      const own = Y.getState(doc.store, doc.clientID);
      return acks.some((ack) => (ack.get(doc.clientID) ?? 0) >= own);
    },
    async roundTrip() {
      const before = step2Count;
      sendSync((encoder) => syncProtocol.writeSyncStep1(encoder, doc));
      await waitFor(whileOpen(() => step2Count > before), { timeoutMs: 10_000, what: `the server’s answer on the ${docName} socket` });
    },
    close() {
      ws.close();
      doc.destroy();
    },
  };
}
