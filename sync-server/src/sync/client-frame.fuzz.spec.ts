// Property tests for the frame decoder: whatever bytes a client sends — random, or a valid frame
// mutated the way a broken or hostile client would — decoding either yields a typed frame or throws
// FrameError (the socket then closes with 4400), and a claimed size is never allocated before it is
// checked against the bytes actually there.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concatBytes, frameMutation, mutateFrame, validClientFrames, varUint } from '../../../tests/helpers/bad-frames.ts';
import { FrameError, decodeClientFrame } from './client-frame.ts';

/** Decodes, and fails the property if anything but FrameError is thrown. */
function decodesOrRefuses(bytes: Uint8Array): void {
  try {
    decodeClientFrame(bytes);
  } catch (error) {
    if (!(error instanceof FrameError)) {
      throw new Error(`threw ${(error as Error)?.constructor?.name} instead of FrameError for [${[...bytes].join(',')}]: ${(error as Error)?.message}`);
    }
  }
}

describe('decodeClientFrame under fuzzing', () => {
  const valid = validClientFrames();

  it('decodes every unmutated frame a real client sends', () => {
    for (const f of valid) expect(() => decodeClientFrame(f)).not.toThrow();
  });

  it('throws only FrameError on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), decodesOrRefuses), { numRuns: 2000 });
  });

  it('throws only FrameError on arbitrary bytes behind a valid message type', () => {
    const typed = fc.tuple(fc.constantFrom(0, 1, 3), fc.constantFrom(0, 1, 2), fc.uint8Array({ maxLength: 128 }));
    fc.assert(
      fc.property(typed, ([type, subtype, rest]) => decodesOrRefuses(concatBytes(varUint(type), varUint(subtype), varUint(rest.length), rest))),
      { numRuns: 2000 },
    );
  });

  it('throws only FrameError on valid frames with one to four mutations', () => {
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.array(frameMutation, { minLength: 1, maxLength: 4 }), (which, mutations) =>
        decodesOrRefuses(mutations.reduce(mutateFrame, valid[which]!)),
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses a frame claiming 2^31 bytes without allocating them', () => {
    const claims = [
      concatBytes(varUint(0), varUint(0), varUint(2 ** 31), new Uint8Array(4)), // sync step 1, state vector length
      concatBytes(varUint(0), varUint(2), varUint(2 ** 31), new Uint8Array(4)), // update length
      concatBytes(varUint(1), varUint(2 ** 31), new Uint8Array(4)), // awareness update length
      concatBytes(varUint(1), varUint(4), varUint(1), varUint(7), varUint(1), varUint(2 ** 31)), // awareness state string length
      concatBytes(varUint(1), varUint(6), varUint(2 ** 31), varUint(7), varUint(1), varUint(1)), // awareness client count
      concatBytes(varUint(0), varUint(2), varUint(6), varUint(1), varUint(2 ** 31), varUint(5), varUint(0)), // struct count inside an update
      concatBytes(varUint(0), varUint(0), varUint(5), varUint(2 ** 31), varUint(1), varUint(1)), // state vector entry count
    ];
    const before = process.memoryUsage().arrayBuffers;
    for (let round = 0; round < 200; round++) {
      for (const claim of claims) expect(() => decodeClientFrame(claim)).toThrow(FrameError);
    }
    // One allocation of the claimed size would be 2 GiB; 200 rounds of them far more.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });
});
