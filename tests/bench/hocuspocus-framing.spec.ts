import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { framedForHocuspocus, hocuspocusAuthFrame, unframedFromHocuspocus } from './hocuspocus-framing.ts';

const hocuspocusFrame = (doc: string, type: number, rest: number[]) => {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, doc);
  encoding.writeVarUint(e, type);
  encoding.writeUint8Array(e, new Uint8Array(rest));
  return encoding.toUint8Array(e);
};

describe('Hocuspocus framing for the y-websocket client', () => {
  it('puts the doc name before an outgoing y-websocket message', () => {
    const framed = framedForHocuspocus('profile/1', new Uint8Array([0, 0, 1, 0]));
    const d = decoding.createDecoder(framed);
    expect(decoding.readVarString(d)).toBe('profile/1');
    expect([...framed.subarray(d.pos)]).toEqual([0, 0, 1, 0]);
  });

  it('sends an Auth token message with the given token', () => {
    const d = decoding.createDecoder(hocuspocusAuthFrame('org', 'secret'));
    expect([decoding.readVarString(d), decoding.readVarUint(d), decoding.readVarUint(d), decoding.readVarString(d)]).toEqual(['org', 2, 0, 'secret']);
  });

  it('strips the doc name from sync and awareness messages and renames SyncReply to Sync', () => {
    expect([...unframedFromHocuspocus(hocuspocusFrame('org', 0, [1, 2, 0, 0]))!]).toEqual([0, 1, 2, 0, 0]);
    expect([...unframedFromHocuspocus(hocuspocusFrame('org', 4, [1, 2, 0, 0]))!]).toEqual([0, 1, 2, 0, 0]);
    expect([...unframedFromHocuspocus(hocuspocusFrame('org', 1, [3]))!]).toEqual([1, 3]);
  });

  it('drops messages only Hocuspocus clients understand (auth replies, sync status)', () => {
    expect(unframedFromHocuspocus(hocuspocusFrame('org', 2, [2, 0]))).toBeNull();
    expect(unframedFromHocuspocus(hocuspocusFrame('org', 8, [1]))).toBeNull();
  });
});
