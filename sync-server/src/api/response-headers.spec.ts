import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { acceptsEncoding, apiResponseHeaders, COMPRESS_MIN_BYTES } from './response-headers.ts';

const big = { rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `Mitarbeiterin ${i}` })) };

function app() {
  const app = new Hono();
  app.use('/api/*', apiResponseHeaders());
  app.get('/api/big', (c) => c.json(big));
  app.get('/api/small', (c) => c.json({ ok: true }));
  app.get('/api/fails', () => {
    throw new Error('nope');
  });
  app.onError((_error, c) => c.json({ error: { code: 'internal', message: 'x'.repeat(2000) } }, 500));
  return app;
}

describe('API response headers', () => {
  it('tells every cache not to store an answer, errors included', async () => {
    for (const path of ['/api/big', '/api/small', '/api/fails']) {
      expect((await app().request(path)).headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('gzips JSON of 1 KiB and more for clients that accept gzip', async () => {
    const res = await app().request('/api/big', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const zipped = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(zipped.byteLength);
    expect(JSON.parse(gunzipSync(zipped).toString('utf8'))).toEqual(big);
    expect(zipped.byteLength).toBeLessThan(JSON.stringify(big).length / 3);
  });

  it('sends JSON as it is without gzip in Accept-Encoding, and small JSON always', async () => {
    const plain = await app().request('/api/big');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.json()).toEqual(big);
    const small = await app().request('/api/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
    expect(JSON.stringify({ ok: true }).length).toBeLessThan(COMPRESS_MIN_BYTES);
  });

  it('gzips a large error answer and keeps its status', async () => {
    const res = await app().request('/api/fails', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('reads q-values and the wildcard in Accept-Encoding', () => {
    const gzip = (header: string | undefined) => acceptsEncoding(header, 'gzip');
    expect(gzip('gzip, deflate, br, zstd')).toBe(true);
    expect(gzip('br;q=1.0, GZIP;q=0.5')).toBe(true);
    expect(gzip('gzip;q=0, *')).toBe(false);
    expect(gzip('br, *;q=0.1')).toBe(true);
    expect(gzip('identity')).toBe(false);
    expect(gzip(undefined)).toBe(false);
    expect(acceptsEncoding('gzip, deflate', 'br')).toBe(false);
    expect(acceptsEncoding('gzip, br;q=0.8', 'br')).toBe(true);
  });
});
