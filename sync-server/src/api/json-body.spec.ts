import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, jsonValueProblem } from './json-body.ts';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('jsonValueProblem', () => {
  it('accepts ordinary bodies, umlauts and emoji', () => {
    expect(jsonValueProblem({ name: 'Jürgen Groß 👋', roles: ['admin'], n: 1, ok: true, none: null })).toBeNull();
    expect(jsonValueProblem(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses NUL in values and keys, saying to remove it', () => {
    expect(jsonValueProblem({ name: 'a\u0000b' })).toMatch(/NUL.*remove it/);
    expect(jsonValueProblem({ ['k\u0000']: 1 })).toMatch(/NUL/);
  });

  it('refuses lone surrogates anywhere', () => {
    expect(jsonValueProblem({ list: ['ok', '\ud800'] })).toMatch(/surrogate/);
    expect(jsonValueProblem('\udc00x')).toMatch(/surrogate/);
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    expect(jsonValueProblem(nested(MAX_JSON_DEPTH + 1))).toMatch(/nested more than 32/);
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(jsonValueProblem(deep)).toMatch(/nested/);
  });
});
