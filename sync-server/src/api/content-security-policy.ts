// The Content-Security-Policy for the built app. Scripts only from our origin plus the one inline
// bootstrap script SvelteKit writes into index.html, allowed by its hash. No inline styles either, except
// the static style attributes of index.html and of the compiled templates (SvelteKit's route announcer
// has one), each allowed by its hash. Hashes are read from the build, so a rebuild needs no configuration.
import { createHash } from 'node:crypto';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hashes of the inline scripts of an HTML document, and of the style attributes in it and in `templates`. */
export function inlineHashes(html: string, templates: readonly string[] = []): { scripts: string[]; styleAttributes: string[] } {
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => sha256(m[1]!));
  const styleAttributes = [html, ...templates].flatMap((text) => [...text.matchAll(/\sstyle="([^"]*)"/gi)].map((m) => sha256(m[1]!)));
  return { scripts: [...new Set(scripts)], styleAttributes: [...new Set(styleAttributes)] };
}

/** `html`: the app shell (null when not built); `templates`: the compiled JavaScript of the app. */
export function contentSecurityPolicy(html: string | null, templates: readonly string[] = []): string {
  const { scripts, styleAttributes } = html ? inlineHashes(html, templates) : { scripts: [], styleAttributes: [] };
  const styleAttr = styleAttributes.length > 0 ? ` 'unsafe-hashes' ${styleAttributes.join(' ')}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${scripts.map((h) => ' ' + h).join('')}`,
    `style-src 'self'${styleAttr}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
