// A service the server needs being unreachable at start is an operator's fix, not a bug: the server exits
// with one line saying what to do, not a stack trace.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const root = resolve(import.meta.dirname, '../..');
/** Generous: start-up compiles TypeScript on two busy cores. */
const EXIT_MS = 60_000;

/** Starts the server with `env`, expecting it to exit; answers its exit code and what it printed on each stream. */
function runServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the server did not exit within ${EXIT_MS} ms:\n${stdout}${stderr}`));
    }, EXIT_MS);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      done({ code, stdout, stderr });
    });
  });
}

describe('start-up with a service unreachable', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('exits with one line naming REDIS_URL and what to do when Redis cannot be reached', async () => {
    const { code, stdout, stderr } = await runServerExpectingExit({ DATABASE_URL: database.url, REDIS_URL: 'redis://user:secret@127.0.0.1:1' });
    expect(code).toBe(1);
    expect(stdout).not.toContain('Workmate OS is running');
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot reach Redis at REDIS_URL \(127\.0\.0\.1:1: .+\)\. Start Redis, fix REDIS_URL, or unset it/);
    expect(stderr).not.toContain('secret');
  });

  /** Holds a port on 127.0.0.1 while the server starts with `env`, and answers the one line the server printed before exiting. */
  async function onlyLineWithPortTaken(env: (port: number) => Record<string, string>): Promise<{ port: number; line: string }> {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', () => listening()));
    const port = (taken.address() as { port: number }).port;
    try {
      const { code, stdout, stderr } = await runServerExpectingExit({ DATABASE_URL: database.url, ...env(port) });
      expect(code).toBe(1);
      expect(stdout).not.toContain('Workmate OS is running');
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).toHaveLength(1);
      return { port, line: lines[0]! };
    } finally {
      await new Promise((closed) => taken.close(closed));
    }
  }

  it('exits with one line naming METRICS_PORT when that port is taken', async () => {
    const { port, line } = await onlyLineWithPortTaken((taken) => ({ METRICS_PORT: String(taken), METRICS_HOST: '127.0.0.1' }));
    expect(line).toMatch(new RegExp(`^Cannot serve metrics on 127\\.0\\.0\\.1:${port} \\(METRICS_HOST/METRICS_PORT: .+\\)\\. `));
  });

  it('exits with one line naming PORT when the app port is taken', async () => {
    const { port, line } = await onlyLineWithPortTaken((taken) => ({ PORT: String(taken), HOST: '127.0.0.1' }));
    expect(line).toBe(`Cannot listen on 127.0.0.1:${port} (PORT/HOST: the port is in use by another program). Stop the other program, or choose another PORT.`);
  });
});
