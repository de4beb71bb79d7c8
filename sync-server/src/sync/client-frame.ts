// Decodes one websocket frame from a client into a typed message, refusing anything malformed before it
// can touch a doc: unknown message types, truncated or over-long varints, lengths past the end of the
// frame, trailing bytes, and Yjs updates or state vectors that do not decode.
import * as Y from 'yjs';
import { MessageType } from '@workmate/sync-protocol';

// y-protocols/sync sub-types.
const SyncStep1 = 0;
const SyncStep2 = 1;
const SyncUpdate = 2;

export type ClientFrame =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array; clients: AwarenessEntry[] }
  | { type: 'query-awareness' };

export type AwarenessEntry = { clientId: number; clock: number; state: unknown };

export class FrameError extends Error {}

class StrictDecoder {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  varUint(): number {
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.bytes.length) throw new FrameError('frame ends inside a number');
      const byte = this.bytes[this.pos++]!;
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (result > Number.MAX_SAFE_INTEGER) throw new FrameError('number out of range');
        return result;
      }
      multiplier *= 128;
    }
    throw new FrameError('number out of range');
  }

  bytesOfLength(): Uint8Array {
    const length = this.varUint();
    if (length > this.bytes.length - this.pos) throw new FrameError('length points past the end of the frame');
    const slice = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  string(): string {
    const bytes = this.bytesOfLength();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new FrameError('text is not valid UTF-8');
    }
  }

  end(): void {
    if (this.pos !== this.bytes.length) throw new FrameError('unexpected bytes after the message');
  }
}

function checkUpdate(update: Uint8Array): Uint8Array {
  try {
    Y.decodeUpdate(update);
  } catch (error) {
    throw new FrameError(`update does not decode: ${(error as Error).message}`);
  }
  return update;
}

function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const d = new StrictDecoder(update);
  const count = d.varUint();
  const clients: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = d.varUint();
    const clock = d.varUint();
    const json = d.string();
    let state: unknown;
    try {
      state = JSON.parse(json);
    } catch {
      throw new FrameError('awareness state is not JSON');
    }
    clients.push({ clientId, clock, state });
  }
  d.end();
  return clients;
}

export function decodeClientFrame(frame: Uint8Array): ClientFrame {
  const d = new StrictDecoder(frame);
  const type = d.varUint();
  switch (type) {
    case MessageType.Sync: {
      const subtype = d.varUint();
      const payload = d.bytesOfLength();
      d.end();
      if (subtype === SyncStep1) {
        try {
          Y.decodeStateVector(payload);
        } catch {
          throw new FrameError('state vector does not decode');
        }
        return { type: 'sync-step1', stateVector: payload };
      }
      if (subtype === SyncStep2) return { type: 'sync-step2', update: checkUpdate(payload) };
      if (subtype === SyncUpdate) return { type: 'sync-update', update: checkUpdate(payload) };
      throw new FrameError(`unknown sync message type ${subtype}`);
    }
    case MessageType.Awareness: {
      const update = d.bytesOfLength();
      d.end();
      return { type: 'awareness', update, clients: decodeAwareness(update) };
    }
    case MessageType.QueryAwareness:
      d.end();
      return { type: 'query-awareness' };
    default:
      throw new FrameError(`unknown message type ${type}`);
  }
}


