// Runs the real Caddyfile with the system's Caddy as a child process, on loopback: `tls internal` for
// https://localhost on free ports, its own data/config dirs in a temp dir (the local CA lives there), the
// admin API on a free port so tests can read the upstreams' state.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireTool } from './system-tool.ts';
import { waitFor } from './wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

/** A port nobody listens on right now (the OS picks it; closed again before use). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export type CaddyPorts = { http: number; https: number; admin: number };

export async function freeCaddyPorts(): Promise<CaddyPorts> {
  return { http: await freePort(), https: await freePort(), admin: await freePort() };
}

/** One upstream as Caddy's admin API reports it: open requests (websockets included) and passive failures. */
export type UpstreamState = { address: string; num_requests: number; fails: number };

export type HttpsAnswer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

export type CaddyProcess = {
  /** https://localhost:<port> — the origin browsers and clients use. */
  readonly url: string;
  readonly httpUrl: string;
  /** The root certificate of Caddy's local CA (PEM), for clients that verify TLS. */
  readonly rootCertificate: string;
  output(): string;
  upstreams(): Promise<UpstreamState[]>;
  /** An https request through Caddy that trusts its local CA. */
  request(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<HttpsAnswer>;
  stop(): Promise<void>;
};

export type CaddyOptions = {
  ports: CaddyPorts;
  /** host:port of each sync server. */
  upstreams: string[];
  /** Extra variables for the Caddyfile (e.g. shorter health intervals for tests). */
  env?: Record<string, string>;
};

export async function startCaddy({ ports, upstreams, env = {} }: CaddyOptions): Promise<CaddyProcess> {
  const caddy = requireTool('caddy', 'apt-get install -y caddy');
  const home = mkdtempSync(join(tmpdir(), 'wm-caddy-'));
  const url = `https://localhost:${ports.https}`;
  const adminUrl = `http://127.0.0.1:${ports.admin}`;
  let out = '';
  const child: ChildProcess = spawn(caddy, ['run', '--config', join(root, 'Caddyfile'), '--adapter', 'caddyfile'], {
    cwd: home,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      DOMAIN: 'localhost',
      CADDY_TLS: 'internal',
      CADDY_HTTP_PORT: String(ports.http),
      CADDY_HTTPS_PORT: String(ports.https),
      CADDY_ADMIN: `127.0.0.1:${ports.admin}`,
      UPSTREAMS: upstreams.join(' '),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const rootCertPath = join(home, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const rootCertificate = await waitFor(
    () => {
      if (exited) throw new Error(`caddy exited during start:\n${out}`);
      return existsSync(rootCertPath) ? readFileSync(rootCertPath, 'utf8') : null;
    },
    { timeoutMs: 30_000, what: 'Caddy to create its local CA' },
  );

  const request: CaddyProcess['request'] = (path, { method = 'GET', headers = {}, body } = {}) =>
    new Promise((done, fail) => {
      const req = httpsRequest(url + path, { method, headers, ca: rootCertificate }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', fail);
      });
      req.on('error', fail);
      req.end(body);
    });

  // Ready once a request through it reaches a sync server (the certificate is issued on start-up).
  await waitFor(
    async () => {
      if (exited) throw new Error(`caddy exited during start:\n${out}`);
      return (await request('/healthz')).status === 200;
    },
    { timeoutMs: 60_000, what: 'Caddy to serve /healthz over https' },
  );

  return {
    url,
    httpUrl: `http://localhost:${ports.http}`,
    rootCertificate,
    output: () => out,
    async upstreams() {
      const res = await fetch(`${adminUrl}/reverse_proxy/upstreams`);
      if (!res.ok) throw new Error(`Caddy's admin API answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as UpstreamState[];
    },
    request,
    async stop() {
      if (!exited) {
        const gone = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        // Caddy waits for open connections to finish; a test that leaves one open must not hang here.
        const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(forced);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
