import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticApp } from './static-app.ts';

let dir: string;
const script = 'export const greeting = "Guten Morgen";\n'.repeat(100);
const shell = `<!doctype html><html><body>${'<p>Workmate</p>'.repeat(100)}</body></html>`;

/** Writes a file with brotli and gzip copies beside it, as the build does. */
function writeWithCopies(path: string, text: string) {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'workmate-static-'));
  mkdirSync(join(dir, '_app/immutable'), { recursive: true });
  writeWithCopies(join(dir, '_app/immutable/app.js'), script);
  writeWithCopies(join(dir, 'index.html'), shell);
  writeWithCopies(join(dir, 'sw.js'), script);
  // A deploy changed the worker after the build: its copies are stale.
  writeFileSync(join(dir, 'sw.js'), script + '// second deploy\n');
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const suffix of ['.br', '.gz']) utimesSync(join(dir, `sw.js${suffix}`), hourAgo, hourAgo);
  writeFileSync(join(dir, 'small.txt'), 'klein');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) => staticApp(dir).request(path, { headers });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('static files, precompressed', () => {
  it('sends the brotli copy when accepted, else gzip, else the file, with its type and cache headers', async () => {
    const br = await get('/_app/immutable/app.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gz = await get('/_app/immutable/app.js', { 'accept-encoding': 'gzip, deflate' });
    const plain = await get('/_app/immutable/app.js');
    expect([br, gz, plain].map((r) => r.headers.get('content-encoding'))).toEqual(['br', 'gzip', null]);
    expect(brotliDecompressSync(await bytes(br)).toString()).toBe(script);
    expect(gunzipSync(await bytes(gz)).toString()).toBe(script);
    expect((await bytes(plain)).toString()).toBe(script);
    for (const res of [br, gz, plain]) {
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
    }
  });

  it('honours q-values: a refused encoding is never sent', async () => {
    expect((await get('/_app/immutable/app.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' })).headers.get('content-encoding')).toBe('gzip');
    expect((await get('/_app/immutable/app.js', { 'accept-encoding': 'br;q=0, gzip;q=0' })).headers.get('content-encoding')).toBeNull();
  });

  it('sends a file changed after the build as it is, not its stale copy', async () => {
    const res = await get('/sw.js', { 'accept-encoding': 'br, gzip' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await bytes(res)).toString()).toContain('// second deploy');
    expect(res.headers.get('service-worker-allowed')).toBe('/');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a range request from the file as built', async () => {
    const res = await get('/_app/immutable/app.js', { 'accept-encoding': 'br', range: 'bytes=0-5' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await bytes(res)).toString()).toBe(script.slice(0, 6));
  });

  it('sends the app shell compressed at / and as the fallback of a deep link', async () => {
    for (const path of ['/', '/employees/123']) {
      const res = await get(path, { 'accept-encoding': 'br' });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding'), path).toBe('br');
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(brotliDecompressSync(await bytes(res)).toString(), path).toBe(shell);
    }
  });

  it('sends a file without copies as it is and says nothing about Vary', async () => {
    const res = await get('/small.txt', { 'accept-encoding': 'br, gzip' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toBeNull();
    expect(await res.text()).toBe('klein');
  });

  it('says how to build the app when it is missing', async () => {
    const res = await staticApp(join(dir, 'nothing-here')).request('/employees');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
