import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { FrameError, decodeClientFrame } from './client-frame.ts';

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

describe('decodeClientFrame', () => {
  const doc = new Y.Doc();
  doc.getMap('m').set('k', 'v');

  it('decodes the standard sync messages a y-websocket client sends', () => {
    const step1 = frame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(decodeClientFrame(step1).type).toBe('sync-step1');
    const update = frame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
    });
    expect(decodeClientFrame(update)).toMatchObject({ type: 'sync-update' });
  });

  it('decodes an awareness update with its states', () => {
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Anna' } });
    const f = frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
    });
    const decoded = decodeClientFrame(f);
    expect(decoded.type).toBe('awareness');
    if (decoded.type === 'awareness') expect(decoded.clients[0]!.state).toEqual({ user: { name: 'Anna' } });
  });

  it.each([
    ['empty frame', []],
    ['unknown type', [9]],
    ['truncated length', [0, 2, 10, 1]],
    ['garbage update', [0, 2, 3, 200, 200, 200]],
    ['trailing bytes', [3, 0]],
    ['endless varint', [255, 255, 255, 255, 255, 255, 255, 255, 255]],
  ])('refuses a %s', (_, bytes) => {
    expect(() => decodeClientFrame(new Uint8Array(bytes))).toThrow(FrameError);
  });

  it('does not read past the frame when it is a view into a larger buffer', () => {
    const backing = new Uint8Array([0, 2, 5, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => decodeClientFrame(backing.subarray(0, 4))).toThrow(FrameError);
  });
});
