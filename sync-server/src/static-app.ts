// Serves the built PWA from STATIC_DIR: hashed assets cached forever, the service worker and the app
// shell always revalidated (so a new version is found), and every other GET path answered with the
// app shell (SPA fallback), except the API and sync paths.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

const noCache = 'no-cache';
const forever = 'public, max-age=31536000, immutable';

export function staticApp(staticDir: string) {
  const root = resolve(staticDir);
  const app = new Hono();
  const shellPath = join(root, 'index.html');

  app.use(
    '*',
    serveStatic({
      root,
      onFound: (path, c) => {
        c.header('Cache-Control', path.includes('/_app/immutable/') ? forever : noCache);
        if (path.endsWith('sw.js')) c.header('Service-Worker-Allowed', '/');
      },
    }),
  );

  app.get('*', (c) => {
    if (!existsSync(shellPath)) {
      return c.text(`The web app is not built: run \`npm run build\` (looked for ${shellPath}).`, 503);
    }
    c.header('Cache-Control', noCache);
    // Read on each request: small, and picks up a rebuild without a restart.
    return c.html(readFileSync(shellPath, 'utf8'));
  });

  return app;
}
