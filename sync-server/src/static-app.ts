// Serves the built PWA from STATIC_DIR: hashed assets cached forever, the service worker and the app
// shell always revalidated (so a new version is found), and every other GET path answered with the
// app shell (SPA fallback), except the API and sync paths. Text files go out as the brotli or gzip copy
// the build wrote beside them (scripts/precompress.ts) when the client accepts it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { serveStatic } from '@hono/node-server/serve-static';
import { acceptsEncoding } from './api/response-headers.ts';

const noCache = 'no-cache';
const forever = 'public, max-age=31536000, immutable';

/** Preferred first. */
const COPIES = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type Copy = (typeof COPIES)[number];

const modifiedMs = (path: string): number | null => {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.mtimeMs : null;
  } catch {
    return null;
  }
};

/**
 * The compressed copy of `file` to send: the first of br, gzip the client accepts whose copy exists and
 * is not older than the file — a file changed after the build (by hand, or a test's "deploy") is sent as
 * it is rather than as a stale copy.
 */
function copyToSend(file: string, acceptEncoding: string | undefined): Copy | null {
  if (!acceptEncoding) return null;
  const fileModified = modifiedMs(file);
  if (fileModified === null) return null;
  for (const copy of COPIES) {
    if (!acceptsEncoding(acceptEncoding, copy.encoding)) continue;
    const copyModified = modifiedMs(file + copy.suffix);
    if (copyModified !== null && copyModified >= fileModified) return copy;
  }
  return null;
}

const hasCopies = (file: string) => COPIES.some((copy) => existsSync(file + copy.suffix));

/** Headers for `file` (the path as built), sent as it is or as `copy`. */
function fileHeaders(file: string, copy: Copy | null): Record<string, string> {
  const headers: Record<string, string> = { 'Cache-Control': file.includes('/_app/immutable/') ? forever : noCache };
  if (copy) {
    headers['Content-Type'] = getMimeType(file) ?? 'application/octet-stream';
    headers['Content-Encoding'] = copy.encoding;
  }
  if (copy || hasCopies(file)) headers['Vary'] = 'Accept-Encoding';
  if (file.endsWith('sw.js')) headers['Service-Worker-Allowed'] = '/';
  return headers;
}

export function staticApp(staticDir: string) {
  const root = resolve(staticDir);
  const app = new Hono();
  const shellPath = join(root, 'index.html');

  // Headers set in serveStatic's onFound miss the response it has already built (outside @hono/node-server),
  // so ours go on the response it returns: which copy was chosen, which file was found.
  const copies = new WeakMap<Context, Copy>();
  const sentPaths = new WeakMap<Context, string>();
  const files = serveStatic({
    root,
    // serveStatic has checked the path (no `..`, no encoded separators); a range is of the file as built.
    rewriteRequestPath: (path, c) => {
      if (c.req.header('Range')) return path;
      const file = path.endsWith('/') ? `${path}index.html` : path;
      const copy = copyToSend(join(root, file), c.req.header('Accept-Encoding'));
      if (!copy) return path;
      copies.set(c, copy);
      return file + copy.suffix;
    },
    onFound: (path, c) => void sentPaths.set(c, path),
  });

  app.use('*', async (c, next) => {
    const res = await files(c, next);
    const sentPath = sentPaths.get(c);
    if (res && sentPath !== undefined) {
      const copy = copies.get(c) ?? null;
      const file = copy ? sentPath.slice(0, -copy.suffix.length) : sentPath;
      for (const [name, value] of Object.entries(fileHeaders(file, copy))) res.headers.set(name, value);
    }
    return res;
  });

  app.get('*', (c) => {
    if (!existsSync(shellPath)) {
      return c.text(`The web app is not built: run \`npm run build\` (looked for ${shellPath}).`, 503);
    }
    const copy = copyToSend(shellPath, c.req.header('Accept-Encoding'));
    // Read on each request: small, and picks up a rebuild without a restart.
    const body = readFileSync(copy ? shellPath + copy.suffix : shellPath);
    return c.body(body, 200, { 'Content-Type': 'text/html; charset=UTF-8', ...fileHeaders(shellPath, copy) });
  });

  return app;
}
