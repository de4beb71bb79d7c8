import { describe, expect, it } from 'vitest';
import { userColor } from './presence-color.ts';

describe('userColor', () => {
  it('gives a user the same palette colour every time, and spreads users over the palette', () => {
    expect(userColor('user-anna')).toBe(userColor('user-anna'));
    expect(userColor('user-anna')).toMatch(/^#[0-9a-f]{6}$/);
    const colours = new Set(Array.from({ length: 50 }, (_, i) => userColor(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(5);
  });
});
