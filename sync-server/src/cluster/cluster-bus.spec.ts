import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, decodeMessage, encodeMessages, type AccessChange } from './cluster-bus.ts';

const userId = '6f1c9a52-52d4-4d4c-9a57-0c4b7e1f2a3b';

describe('cluster messages', () => {
  it('carries a doc pointer (name and position), never the update itself', () => {
    const [payload] = encodeMessages('instance-1', { doc: { doc: 'profile/abc', position: 42 } });
    expect(decodeMessage(payload!)).toEqual({ type: 'doc', origin: 'instance-1', doc: 'profile/abc', seq: 42 });
    expect(payload!.length).toBeLessThan(200);
  });

  it('round-trips every kind of access change', () => {
    const changes: AccessChange[] = [
      { kind: 'user', userId },
      { kind: 'role', roleKey: 'hr' },
      { kind: 'sessions', userId, which: { allExcept: null } },
      { kind: 'sessions', userId, which: { only: ['a'.repeat(64)] } },
    ];
    for (const change of changes) {
      const [payload] = encodeMessages('i', { access: change });
      expect(decodeMessage(payload!)).toEqual({ type: 'access', origin: 'i', change });
    }
  });

  it('splits a long list of ended sessions so each message stays below the NOTIFY limit', () => {
    const only = Array.from({ length: 200 }, (_, i) => i.toString(16).padStart(64, '0'));
    const payloads = encodeMessages('i', { access: { kind: 'sessions', userId, which: { only } } });
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const delivered = payloads.flatMap((p) => {
      const message = decodeMessage(p);
      return message?.type === 'access' && message.change.kind === 'sessions' && 'only' in message.change.which ? message.change.which.only : [];
    });
    expect(delivered).toEqual(only);
  });

  it('carries presence as base64 and drops a state too large for one message', () => {
    const update = new Uint8Array([1, 2, 3, 250]);
    const [payload] = encodeMessages('i', { awareness: { doc: 'org', update } });
    expect(decodeMessage(payload!)).toEqual({ type: 'awareness', origin: 'i', doc: 'org', update: 'AQID+g==' });
    expect(encodeMessages('i', { awareness: { doc: 'org', update: new Uint8Array(MAX_PAYLOAD_BYTES) } })).toEqual([]);
  });

  it('lists open docs, split so each message stays below the NOTIFY limit', () => {
    const docs = Array.from({ length: 300 }, (_, i) => `profile/${i.toString(16).padStart(36, '0')}`);
    const payloads = encodeMessages('i', { docsOpen: { docs, state: 'open' } });
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const delivered = payloads.flatMap((p) => {
      const message = decodeMessage(p);
      return message?.type === 'docs-open' && message.state === 'open' ? message.docs : [];
    });
    expect(delivered).toEqual(docs);
  });

  it('ignores payloads that are not one of our messages', () => {
    expect(decodeMessage('not json')).toBeNull();
    expect(decodeMessage('{"type":"doc","doc":"org"}')).toBeNull();
    expect(decodeMessage('{"type":"access","origin":"i","change":{"kind":"user","userId":"x"}}')).toBeNull();
  });
});
