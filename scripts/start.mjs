// `npm start`: builds the web app if it has not been built yet, then runs the server in this process.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';

const staticDir = process.env.STATIC_DIR || './build';
if (!existsSync(`${staticDir}/index.html`)) {
  console.log('Building the web app (first start only)…');
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('The web app build failed; see the output above.');
    process.exit(build.status ?? 1);
  }
}
register();
await import('../sync-server/src/main.ts');
