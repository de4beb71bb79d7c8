import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin-check.ts';

describe('originAllowed', () => {
  it('lets a request without Origin through (not a browser)', () => expect(originAllowed(undefined, 'a.de', undefined)).toBe(true));
  it('accepts the host the request was sent to', () => expect(originAllowed('http://localhost:3000', 'localhost:3000', undefined)).toBe(true));
  it('refuses another site', () => expect(originAllowed('https://evil.example', 'localhost:3000', undefined)).toBe(false));
  it('refuses another port of the same host', () => expect(originAllowed('http://localhost:4000', 'localhost:3000', undefined)).toBe(false));
  it('refuses the opaque origin "null" (sandboxed frames, file://)', () => expect(originAllowed('null', 'localhost:3000', undefined)).toBe(false));
  it('compares with PUBLIC_ORIGIN when configured', () => {
    expect(originAllowed('https://workmate.example.de', 'internal:3000', 'https://workmate.example.de')).toBe(true);
    expect(originAllowed('http://workmate.example.de', 'internal:3000', 'https://workmate.example.de')).toBe(false);
  });
});
