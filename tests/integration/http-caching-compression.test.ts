// What the real server tells caches, and how it compresses: every API answer (errors and /healthz
// included) is no-store; the built app's text files go out as the brotli or gzip copy the build wrote,
// chosen by Accept-Encoding; big JSON answers of the API are gzipped. Requests go through node:http, which
// (unlike fetch) hands over the bytes as sent.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { entryScripts, staticImports } from '../bench/initial-js.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

const buildDir = resolve(import.meta.dirname, '../../build');

let database: TestDatabase;
let server: ServerProcess;
let adminCookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url });
  adminCookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** One request; the body exactly as it came over the wire (not decompressed). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  return new Promise((settle, fail) => {
    const req = request(server.url + path, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => settle({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

const decoded = (answer: RawAnswer): Buffer => {
  const encoding = answer.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(answer.body);
  if (encoding === 'gzip') return gunzipSync(answer.body);
  if (encoding !== undefined) throw new Error(`unexpected Content-Encoding ${encoding}`);
  return answer.body;
};

const varies = (answer: RawAnswer) => String(answer.headers.vary ?? '').split(',').map((v) => v.trim().toLowerCase()).includes('accept-encoding');

/** The scripts the app shell loads first: what index.html names and everything they import statically. */
function initialScripts(): string[] {
  const queue = entryScripts(readFileSync(join(buildDir, 'index.html'), 'utf8')).map((url) => join(buildDir, url.replace(/^\//, '')));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) queue.push(resolve(dirname(file), spec));
  }
  return [...seen].map((file) => '/' + relative(buildDir, file).split('\\').join('/'));
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('API answers are never stored by a cache', () => {
  it('sends Cache-Control: no-store on successes, 401, 403, 404, 429 and /healthz', async () => {
    const mitarbeiter = await signIn(server.url, 'mitarbeiter@muster-gmbh.de', DEMO_PASSWORD);
    const answers: Record<string, RawAnswer> = {
      'GET /healthz': await raw('GET', '/healthz'),
      'GET /api/auth/me (signed in)': await raw('GET', '/api/auth/me', { cookie: adminCookie }),
      'GET /api/auth/me (not signed in)': await raw('GET', '/api/auth/me'),
      'GET /api/admin/users (no right)': await raw('GET', '/api/admin/users', { cookie: mitarbeiter }),
      'GET /api/no-such-endpoint': await raw('GET', '/api/no-such-endpoint', { cookie: adminCookie }),
      'POST /api/auth/login (bad body)': await raw('POST', '/api/auth/login', {}, '{"email": 1}'),
    };
    const login = () => raw('POST', '/api/auth/login', {}, JSON.stringify({ email: 'niemand@muster-gmbh.de', password: 'falsch-geraten-123' }));
    let throttled = await login();
    for (let attempt = 0; attempt < 10 && throttled.status !== 429; attempt++) throttled = await login();
    answers['POST /api/auth/login (throttled)'] = throttled;

    expect(Object.fromEntries(Object.entries(answers).map(([what, a]) => [what, a.status]))).toEqual({
      'GET /healthz': 200,
      'GET /api/auth/me (signed in)': 200,
      'GET /api/auth/me (not signed in)': 401,
      'GET /api/admin/users (no right)': 403,
      'GET /api/no-such-endpoint': 404,
      'POST /api/auth/login (bad body)': 400,
      'POST /api/auth/login (throttled)': 429,
    });
    for (const [what, answer] of Object.entries(answers)) expect(answer.headers['cache-control'], what).toBe('no-store');
  });

  it('keeps the app shell revalidated, not no-store', async () => {
    expect((await raw('GET', '/')).headers['cache-control']).toBe('no-cache');
  });
});

describe('compressed static files', () => {
  it('sends the initial JavaScript as brotli, gzip or as built, by Accept-Encoding, each decoding to the built bytes', async () => {
    const scripts = initialScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = { raw: 0, br: 0, gzip: 0 };
    for (const script of scripts) {
      const built = readFileSync(join(buildDir, script));
      const br = await raw('GET', script, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      const gz = await raw('GET', script, { 'accept-encoding': 'gzip, deflate' });
      const plain = await raw('GET', script);
      for (const answer of [br, gz, plain]) {
        expect(answer.status, script).toBe(200);
        expect(answer.headers['content-type'], script).toMatch(/^text\/javascript/);
        expect(answer.headers['cache-control'], script).toBe('public, max-age=31536000, immutable');
        expect(decoded(answer).equals(built), script).toBe(true);
        expect(Number(answer.headers['content-length']), script).toBe(answer.body.byteLength);
      }
      // A small chunk may have no compressed copy (under 1 KiB); then all three are the file as built.
      const hasCopies = built.byteLength >= 1024;
      expect(br.headers['content-encoding'], script).toBe(hasCopies ? 'br' : undefined);
      expect(gz.headers['content-encoding'], script).toBe(hasCopies ? 'gzip' : undefined);
      expect(plain.headers['content-encoding'], script).toBeUndefined();
      if (hasCopies) for (const answer of [br, gz, plain]) expect(varies(answer), script).toBe(true);
      sizes.raw += built.byteLength;
      sizes.br += br.body.byteLength;
      sizes.gzip += gz.body.byteLength;
    }
    console.log(`initial JS (${scripts.length} files): ${kb(sizes.raw)} as built, ${kb(sizes.gzip)} gzip, ${kb(sizes.br)} brotli`);
    expect(sizes.br).toBeLessThan(sizes.gzip);
    expect(sizes.gzip).toBeLessThan(sizes.raw / 2);
  });

  it('serves the app shell and the service worker compressed, with their cache headers', async () => {
    const shell = readFileSync(join(buildDir, 'index.html'));
    for (const path of ['/', '/index.html', '/employees/x']) {
      const answer = await raw('GET', path, { 'accept-encoding': 'br' });
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toMatch(/^text\/html/);
      expect(answer.headers['cache-control'], path).toBe('no-cache');
      expect(decoded(answer).equals(shell), path).toBe(true);
      if (shell.byteLength >= 1024) expect(answer.headers['content-encoding'], path).toBe('br');
    }
    const worker = await raw('GET', '/sw.js', { 'accept-encoding': 'gzip' });
    expect(worker.headers['content-encoding']).toBe('gzip');
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.headers['service-worker-allowed']).toBe('/');
    expect(decoded(worker).equals(readFileSync(join(buildDir, 'sw.js')))).toBe(true);
  });

  it('keeps the compressed copies out of the precache list, whose revisions match the files as built', () => {
    const worker = readFileSync(join(buildDir, 'sw.js'), 'utf8');
    const list = /precacheAndRoute\((\[[\s\S]*?\])\s*,/.exec(worker)?.[1];
    expect(list, 'the precache list in build/sw.js').toBeTruthy();
    const entries = [...list!.matchAll(/\{url:"([^"]+)",revision:(null|"[0-9a-f]+")\}/g)].map((m) => ({ url: m[1]!, revision: m[2] === 'null' ? null : m[2]!.slice(1, -1) }));
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.filter((e) => /\.(br|gz)$/.test(e.url))).toEqual([]);
    for (const { url, revision } of entries) {
      if (revision === null) continue; // hashed file names: the name is the revision
      // The SPA fallback '/' is revisioned by the build's version file (vite-plugin-pwa's SvelteKit integration).
      const file = url === '/' ? '_app/version.json' : url;
      expect(createHash('md5').update(readFileSync(join(buildDir, file))).digest('hex'), url).toBe(revision);
    }
  });
});

describe('compressed API answers', () => {
  it('gzips a big JSON answer for clients that accept gzip, and sends it as it is to others', async () => {
    for (const path of ['/api/admin/users', '/api/admin/audit?limit=500']) {
      const zipped = await raw('GET', path, { cookie: adminCookie, 'accept-encoding': 'gzip, deflate, br' });
      const plain = await raw('GET', path, { cookie: adminCookie });
      expect([zipped.status, plain.status], path).toEqual([200, 200]);
      expect(plain.body.byteLength, `${path} is big enough to compress`).toBeGreaterThanOrEqual(1024);
      expect(zipped.headers['content-encoding'], path).toBe('gzip');
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(zipped.headers['content-type'], path).toMatch(/^application\/json/);
      expect(zipped.headers['cache-control'], path).toBe('no-store');
      expect(varies(zipped) && varies(plain), path).toBe(true);
      expect(JSON.parse(decoded(zipped).toString('utf8')), path).toEqual(JSON.parse(plain.body.toString('utf8')));
      console.log(`${path}: ${kb(plain.body.byteLength)} as JSON, ${kb(zipped.body.byteLength)} gzip`);
    }
  });

  it('leaves small answers uncompressed', async () => {
    const health = await raw('GET', '/healthz', { 'accept-encoding': 'gzip' });
    expect(health.body.byteLength).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString('utf8'))).toMatchObject({ status: 'ok' });
  });
});
