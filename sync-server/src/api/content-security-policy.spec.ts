import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineHashes } from './content-security-policy.ts';

const html = `<html><head><script type="module" src="/_app/x.js"></script></head>
<body><div style="display: contents"><script>start()</script></div></body></html>`;
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('contentSecurityPolicy', () => {
  it('allows the inline bootstrap script and style attribute by hash, and nothing inline besides', () => {
    expect(inlineHashes(html)).toEqual({ scripts: [hash('start()')], styleAttributes: [hash('display: contents')] });
    const csp = contentSecurityPolicy(html);
    expect(csp).toContain(`script-src 'self' ${hash('start()')}`);
    expect(csp).toContain(`style-src 'self' 'unsafe-hashes' ${hash('display: contents')}`);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
  });
  it('allows the static style attributes of compiled templates by hash', () => {
    const template = 'e=`<div id="svelte-announcer" style="position: absolute; width: 1px"></div>`';
    expect(contentSecurityPolicy(html, [template])).toContain(hash('position: absolute; width: 1px'));
  });
  it('forbids framing, plugins and base-tag tricks', () => {
    const csp = contentSecurityPolicy(null);
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) expect(csp).toContain(directive);
  });
});
