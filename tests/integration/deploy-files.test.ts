// The production files without Docker: the Caddyfile is valid for Caddy (trial and production settings),
// docker-compose.yml passes Compose's schema and wiring checks, the Dockerfile builds a small non-root
// image, and .env.example documents every variable any of them reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireTool, runsWith } from '../helpers/system-tool.ts';

const root = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'wm-deploy-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `caddy validate` with only the given variables (and a throw-away data dir: validating provisions TLS). */
function caddyValidate(env: Record<string, string>): { ok: boolean; output: string } {
  const caddy = requireTool('caddy', 'apt-get install -y caddy');
  const home = join(scratch, 'caddy');
  const result = spawnSync(caddy, ['validate', '--config', join(root, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), ...env },
    encoding: 'utf8',
  });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

/** `docker-compose <args>` on our file with only the given variables (an empty env file, not a local .env). */
function compose(args: string[], env: Record<string, string>): { ok: boolean; output: string } {
  const dockerCompose = requireTool('docker-compose', 'apt-get install -y docker-compose');
  const envFile = join(scratch, 'empty.env');
  writeFileSync(envFile, '');
  const result = spawnSync(dockerCompose, ['--env-file', envFile, '-f', join(root, 'docker-compose.yml'), ...args], {
    cwd: scratch,
    env: { PATH: process.env.PATH, HOME: scratch, ...env },
    encoding: 'utf8',
  });
  return { ok: result.status === 0, output: result.stdout + result.stderr };
}

const productionCompose = { DOMAIN: 'workmate.example.de', ACME_EMAIL: 'it@example.de', POSTGRES_PASSWORD: 'a-long-random-password' };

describe.runIf(runsWith('caddy'))('Caddyfile', () => {
  it('is valid for production: automatic HTTPS for DOMAIN on 80/443', () => {
    const result = caddyValidate({ DOMAIN: 'workmate.example.de', ACME_EMAIL: 'it@example.de' });
    expect(result.output).toContain('Valid configuration');
    expect(result.ok).toBe(true);
  });

  it('is valid for a local trial with tls internal, other ports and other upstreams', () => {
    const result = caddyValidate({
      DOMAIN: 'localhost',
      CADDY_TLS: 'internal',
      CADDY_HTTP_PORT: '8080',
      CADDY_HTTPS_PORT: '8443',
      CADDY_ADMIN: 'off',
      CADDY_HEALTH_INTERVAL: '1s',
      UPSTREAMS: '127.0.0.1:3001 127.0.0.1:3002 127.0.0.1:3003',
    });
    expect(result.output).toContain('Valid configuration');
    expect(result.ok).toBe(true);
  });

  it('refuses automatic HTTPS without ACME_EMAIL, and an unknown CADDY_TLS', () => {
    expect(caddyValidate({ DOMAIN: 'workmate.example.de' }).ok).toBe(false);
    const unknown = caddyValidate({ DOMAIN: 'workmate.example.de', CADDY_TLS: 'selfsigned' });
    expect(unknown.ok).toBe(false);
    expect(unknown.output).toContain('tls-selfsigned');
  });

  it('leaves the security headers to the app and only adds HSTS where the app did not', () => {
    const caddyfile = read('Caddyfile');
    expect(caddyfile).toContain('?Strict-Transport-Security');
    for (const header of ['Content-Security-Policy', 'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy']) {
      expect(caddyfile).not.toMatch(new RegExp(`^\\s*[+]?${header}`, 'm'));
    }
  });
});

describe.runIf(runsWith('docker-compose'))('docker-compose.yml', () => {
  it('passes the Compose schema with the production variables', () => {
    const result = compose(['config', '-q'], productionCompose);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('names the variable to set when POSTGRES_PASSWORD or DOMAIN is missing', () => {
    const noPassword = compose(['config', '-q'], { DOMAIN: 'workmate.example.de' });
    expect(noPassword.ok).toBe(false);
    expect(noPassword.output).toContain('set POSTGRES_PASSWORD in .env');
    const noDomain = compose(['config', '-q'], { POSTGRES_PASSWORD: 'x' });
    expect(noDomain.ok).toBe(false);
    expect(noDomain.output).toContain('set DOMAIN in .env');
  });

  it('runs two server instances on one Postgres behind Caddy, which balances across both; Redis only with its profile', () => {
    const services = compose(['config', '--services'], productionCompose).output.trim().split('\n').sort();
    expect(services).toEqual(['caddy', 'postgres', 'redis', 'server-a', 'server-b']);

    const config = compose(['config'], productionCompose).output;
    expect(config).toMatch(/^  redis:\n(?: {4}.*\n)*? {4}profiles:\n {4}- redis$/m);
    expect(config).toContain('image: postgres:15');
    expect(config).toContain('UPSTREAMS: server-a:3000 server-b:3000');
    expect(config.match(/DATABASE_URL: postgres:\/\/workmate:a-long-random-password@postgres:5432\/workmate/g)).toHaveLength(2);
    expect(config.match(/PUBLIC_ORIGIN: https:\/\/workmate\.example\.de/g)).toHaveLength(2);
    expect(config.match(/SEED_DEMO: "false"/g)).toHaveLength(2);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages.at(-1) ?? '';

  it('builds in one stage and ships production dependencies only in the final one', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/RUN npm ci\b/);
    expect(stages[0]).toContain('npm run build');
    expect(final).toMatch(/RUN npm ci [^\n]*--omit=dev/);
    expect(final).toContain('COPY --from=build /app/build');
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.tsx, 'tsx runs the server, so it must be a production dependency').toBeDefined();
  });

  it('runs as the unprivileged node user with a health check, and gets SIGTERM itself (not through npm)', () => {
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(final).toMatch(/^CMD \["node", /m);
  });

  it('keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', '.git', '.env', 'data', 'build']) expect(ignored).toContain(entry);
  });
});

describe('.env.example', () => {
  const documented = new Set([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

  it('documents every variable the server, docker-compose.yml and the Caddyfile read', () => {
    const server = [...read('sync-server/src/config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]*): /gm)].map((m) => m[1]);
    const composeVars = [...read('docker-compose.yml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
    const caddyVars = [...read('Caddyfile').matchAll(/\{\$([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]);
    expect(server).toContain('DATABASE_URL');
    const undocumented = [...new Set([...server, ...composeVars, ...caddyVars])].filter((name) => !documented.has(name!));
    expect(undocumented).toEqual([]);
  });

  it('is a complete .env for docker-compose once copied', () => {
    for (const name of ['DOMAIN', 'ACME_EMAIL', 'POSTGRES_PASSWORD', 'CADDY_TLS']) expect(documented.has(name)).toBe(true);
  });
});
