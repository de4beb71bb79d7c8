// Runs our real server as a child process (so tests can SIGKILL it) on the database the caller gives.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './wait-for.ts';

const root = resolve(import.meta.dirname, '../..');

export type ServerProcess = {
  readonly url: string;
  readonly port: number;
  /** The child's process id: signals that do not end it (SIGSTOP/SIGCONT), memory from /proc/<pid>/status. */
  readonly pid: number;
  output(): string;
  /** Sends a signal and waits for the process to exit; resolves with its exit code (null if killed). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts the server again with the same environment and port. */
  restart(): Promise<void>;
};

/** `nodeArgs` go to node before the script, e.g. `--cpu-prof` (which NODE_OPTIONS does not accept). */
export async function startServerProcess(env: Record<string, string>, { nodeArgs = [] as string[] } = {}): Promise<ServerProcess> {
  let child: ChildProcess;
  let out = '';
  let url = '';
  let port = Number(env.PORT ?? 0);

  const launch = async () => {
    out = '';
    url = '';
    child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'sync-server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', STATIC_DIR: resolve(root, 'build'), ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Workmate OS is running on (http:\/\/\S+)/.exec(out);
      if (match && !url) url = match[1]!;
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    let exited = false;
    child.once('exit', () => (exited = true));
    await waitFor(
      () => {
        if (exited) throw new Error(`server exited during start:\n${out}`);
        return url !== '';
      },
      { timeoutMs: 60_000, what: 'the server to start' },
    );
    port = Number(new URL(url).port);
  };

  await launch();
  return {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    get pid() {
      return child.pid!;
    },
    output: () => out,
    stop(signal = 'SIGTERM') {
      return new Promise((resolveExit) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveExit(child.exitCode);
        child.once('exit', (code) => resolveExit(code));
        child.kill(signal);
      });
    },
    restart: launch,
  };
}

/** Signs in through the REST API and returns the session cookie (`name=value`). */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie.split(';')[0]!;
}
