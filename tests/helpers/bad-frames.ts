// Generators of bad y-protocols frames for fuzz tests: random bytes, real client frames mutated the way a
// broken or hostile client would (flipped bits, truncation, inserted and deleted bytes, huge claimed
// sizes, endless varints), and unknown message types. Used by the decoder's unit fuzz and the sync
// server's integration fuzz.
import fc from 'fast-check';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';

export function encodeFrame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

export const varUint = (n: number) => encodeFrame((e) => encoding.writeVarUint(e, n));

export const concatBytes = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Sync step 1 with an empty state vector: "send me everything". */
export const emptySyncStep1 = () => encodeFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, new Y.Doc())));

/** The frames a real y-websocket client sends, with real content: step 1, step 2, an update, awareness, query. */
export function validClientFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  doc.getMap('fuzz').set('e1', new Y.Map([['name', 'Anna'], ['phone', '+49 30 1']]) as Y.Map<unknown>);
  doc.getText('fuzz-notes').insert(0, 'Grüße aus Köln 👋');
  doc.getText('fuzz-notes').delete(2, 3);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'Anna', color: '#f00' }, cursor: { anchor: 3 } });
  return [
    encodeFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, doc))),
    encodeFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep2(e, doc))),
    encodeFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc)))),
    encodeFrame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])))),
    encodeFrame((e) => encoding.writeVarUint(e, 3)),
  ];
}

export const HUGE_SIZES = [2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1, 0x7fffffff, 1e9];

/** One way a frame can go wrong on the wire. */
export const frameMutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  // A length or count field replaced by a huge claim (a varint that decodes to up to 2^53).
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), size: fc.constantFrom(...HUGE_SIZES) }),
  // Continuation bits that never end: an over-long varint.
  fc.record({ kind: fc.constant('endless' as const), at: fc.nat(), length: fc.integer({ min: 8, max: 12 }) }),
);

export type FrameMutation = typeof frameMutation extends fc.Arbitrary<infer M> ? M : never;

export function mutateFrame(bytes: Uint8Array, m: FrameMutation): Uint8Array {
  const at = 'at' in m ? m.at % (bytes.length + 1) : bytes.length;
  const head = bytes.subarray(0, at);
  const tail = bytes.subarray(at);
  switch (m.kind) {
    case 'flip':
    case 'set': {
      const out = bytes.slice();
      if (out.length === 0) return out;
      const i = m.at % out.length;
      out[i] = m.kind === 'flip' ? out[i]! ^ (1 << m.bit) : m.byte;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'delete':
      return concatBytes(head, tail.subarray(m.length));
    case 'insert':
      return concatBytes(head, m.bytes, tail);
    case 'append':
      return concatBytes(bytes, m.bytes);
    case 'huge':
      return concatBytes(head, varUint(m.size), tail.subarray(1));
    case 'endless':
      return concatBytes(head, new Uint8Array(m.length).fill(0xff), tail);
  }
}

/** A real client frame with one to four mutations. */
export const mutatedFrame = (valid: Uint8Array[] = validClientFrames()) =>
  fc
    .tuple(fc.nat({ max: valid.length - 1 }), fc.array(frameMutation, { minLength: 1, maxLength: 4 }))
    .map(([which, mutations]) => mutations.reduce(mutateFrame, valid[which]!));

/** Any bad frame: random bytes, random bytes behind a valid type, a mutated real frame, an unknown type, a huge claim. */
export function badFrame(): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.uint8Array({ maxLength: 256 }),
    fc
      .tuple(fc.constantFrom(0, 1, 3), fc.constantFrom(0, 1, 2, 7), fc.uint8Array({ maxLength: 128 }))
      .map(([type, subtype, rest]) => concatBytes(varUint(type), varUint(subtype), varUint(rest.length), rest)),
    mutatedFrame(),
    fc.tuple(fc.integer({ min: 4, max: 2 ** 20 }), fc.uint8Array({ maxLength: 16 })).map(([type, rest]) => concatBytes(varUint(type), rest)),
    fc
      .tuple(fc.constantFrom(0, 1), fc.constantFrom(...HUGE_SIZES))
      .map(([type, size]) => concatBytes(varUint(type), type === 0 ? varUint(2) : new Uint8Array(0), varUint(size), new Uint8Array(8))),
  );
}
