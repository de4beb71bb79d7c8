// How API answers (/api/*, /healthz) leave the server: never stored by a browser cache, the service worker
// or a proxy — they hold personal data — whatever the status, and JSON or CSV bodies of 1 KiB and more
// gzipped when the client accepts it.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const gzipAsync = promisify(gzip);

/** Below this, gzip's header and the CPU cost more than the bytes saved. */
export const COMPRESS_MIN_BYTES = 1024;

const COMPRESSIBLE = /^\s*(?:application\/(?:[\w.+-]+\+)?json|text\/csv)\s*(?:;|$)/i;

/**
 * Whether an Accept-Encoding header allows `encoding` (lower case): named with a q above 0, or `*` with a
 * q above 0 and the encoding not named. No header: only the identity (clients that decode send one).
 */
export function acceptsEncoding(header: string | undefined, encoding: string): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const entry of header.split(',')) {
    const [name = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    if (name === encoding) return allowed;
    if (name === '*') wildcard = allowed;
  }
  return wildcard;
}

export function apiResponseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    const res = c.res;
    const type = res.headers.get('Content-Type') ?? '';
    if (c.req.method === 'HEAD' || !res.body || res.headers.has('Content-Encoding') || !COMPRESSIBLE.test(type)) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    let sent = body;
    if (body.byteLength >= COMPRESS_MIN_BYTES) {
      headers.append('Vary', 'Accept-Encoding');
      if (acceptsEncoding(c.req.header('Accept-Encoding'), 'gzip')) {
        // zlib's Buffer is typed over ArrayBufferLike, but is always backed by a plain ArrayBuffer.
        sent = (await gzipAsync(body)) as Uint8Array<ArrayBuffer>;
        headers.set('Content-Encoding', 'gzip');
      }
    }
    headers.set('Content-Length', String(sent.byteLength));
    // Cleared first: assigning over a response merges the old one's headers back in.
    c.res = undefined;
    c.res = new Response(sent, { status: res.status, statusText: res.statusText, headers });
  };
}
