import { describe, expect, it } from 'vitest';
import { entryScripts, staticImports } from './initial-js.ts';
import { percentile, summarize } from './stats.ts';

describe('initial JS', () => {
  it('finds modulepreloaded, src and inline-imported scripts in the HTML', () => {
    const html = `<link href="/_app/a.js" rel="modulepreload"><link rel="stylesheet" href="/x.css">
      <script src="/b.js"></script><script>Promise.all([import("/_app/entry/start.js")])</script>`;
    expect(entryScripts(html).sort()).toEqual(['/_app/a.js', '/_app/entry/start.js', '/b.js']);
  });

  it('follows static imports and re-exports of minified chunks but not dynamic imports', () => {
    const code = 'import{a as b}from"./c1.js";import"../chunks/c2.js";export{x}from"./c3.js";const l=()=>import("./lazy.js");';
    expect(staticImports(code).sort()).toEqual(['../chunks/c2.js', './c1.js', './c3.js']);
  });
});

describe('latency statistics', () => {
  it('uses nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 50), percentile(values, 99), percentile(values, 100)]).toEqual([50, 99, 100]);
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p90: 3, p99: 3, max: 3 });
  });
});
