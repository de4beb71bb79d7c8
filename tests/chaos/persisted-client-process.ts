// The parent's handle on persisted-client.ts: starts it, SIGKILLs it, starts it again from its files,
// collects the edits it reports, and asks it for its docs at the end.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { waitFor } from '../helpers/wait-for.ts';
import type { Edit } from './edits.ts';
import type { ChildMessage, ParentMessage, PersistedClientConfig } from './persisted-client.ts';

const entry = resolve(import.meta.dirname, 'persisted-client.ts');

export type PersistedClientProcess = {
  readonly name: string;
  readonly edits: readonly Edit[];
  readonly starts: number;
  start(): Promise<void>;
  /** SIGKILL, as a crashed device or a killed tab: whatever the file has survives. */
  kill(): Promise<void>;
  stopEditing(): void;
  /** The process's docs as it has them now, and whether all its providers are synced. */
  report(): Promise<{ docs: Map<string, Y.Doc>; synced: boolean }>;
  dispose(): Promise<void>;
};

export function persistedClientProcess(config: Omit<PersistedClientConfig, 'run' | 'dir'>): PersistedClientProcess {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-client-'));
  const edits: Edit[] = [];
  let child: ChildProcess | null = null;
  let starts = 0;
  let waiting: ((m: Extract<ChildMessage, { type: 'state' }>) => void) | null = null;

  const send = (message: ParentMessage) => child?.send(message);

  return {
    name: config.name,
    edits,
    get starts() {
      return starts;
    },
    async start() {
      starts++;
      const full: PersistedClientConfig = { ...config, run: starts, dir };
      let ready = false;
      let exited = false;
      let stderr = '';
      child = fork(entry, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, CHAOS_CLIENT: JSON.stringify(full) },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') ready = true;
        if (message.type === 'edit') edits.push(message.edit);
        if (message.type === 'state') waiting?.(message);
      });
      child.once('exit', () => (exited = true));
      await waitFor(
        () => {
          if (exited) throw new Error(`persisted client ${config.name} exited during start:\n${stderr}`);
          return ready;
        },
        { timeoutMs: 30_000, what: `persisted client ${config.name} to start` },
      );
    },
    kill() {
      const current = child;
      child = null;
      return new Promise((done) => {
        if (!current || current.exitCode !== null || current.signalCode !== null) return done();
        current.once('exit', () => done());
        current.kill('SIGKILL');
      });
    },
    stopEditing: () => send({ type: 'stop-editing' }),
    report() {
      return new Promise((done, fail) => {
        if (!child) return fail(new Error(`persisted client ${config.name} is not running`));
        waiting = (message) => {
          waiting = null;
          const docs = new Map<string, Y.Doc>();
          for (const [name, base64] of Object.entries(message.docs)) {
            const doc = new Y.Doc();
            Y.applyUpdate(doc, Buffer.from(base64, 'base64'));
            docs.set(name, doc);
          }
          done({ docs, synced: message.synced });
        };
        send({ type: 'report' });
      });
    },
    async dispose() {
      await this.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
