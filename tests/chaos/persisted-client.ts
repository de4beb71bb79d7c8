// A chaos client in a process of its own, so the run can SIGKILL it mid-edit and start it again: it
// keeps each doc in a file (update-file.ts) and syncs it with an unmodified y-websocket provider. Each
// edit is reported to the parent only after it was applied and appended to the file — from then on it
// counts as made. Started by persisted-client-process.ts; the parent's messages are in ParentMessage.
import { join } from 'node:path';
import * as Y from 'yjs';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { makeRandomEdit, pick, seededRandom, type Edit, type EditTargets } from './edits.ts';
import { persistDocToFile } from './update-file.ts';

export type PersistedClientConfig = {
  name: string;
  /** Counts the starts of this client; part of every edit id, so ids stay unique across restarts. */
  run: number;
  url: string;
  cookie: string;
  docs: string[];
  dir: string;
  editIntervalMs: number;
  seed: number;
  targets: EditTargets;
};

export type ParentMessage = { type: 'stop-editing' } | { type: 'report' };
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'edit'; edit: Edit }
  | { type: 'state'; docs: Record<string, string>; synced: boolean };

const config = JSON.parse(process.env.CHAOS_CLIENT ?? 'null') as PersistedClientConfig | null;
if (!config || !process.send) throw new Error('persisted-client.ts runs as a child of persisted-client-process.ts');
const send = (message: ChildMessage) => process.send!(message);

const random = seededRandom(config.seed + config.run * 7919);
const clients = new Map<string, NodeSyncClient>();
for (const name of config.docs) {
  const doc = new Y.Doc();
  persistDocToFile(doc, join(config.dir, `${config.name}-${name.replace('/', '_')}.bin`));
  clients.set(name, connectNodeClient(config.url, name, config.cookie, doc));
}
send({ type: 'ready' });

let seq = 0;
const editing = setInterval(() => {
  const name = pick(random, config.docs);
  const edit = makeRandomEdit(clients.get(name)!.doc, name, `${config.name}-r${config.run}-${seq++}`, random, config.targets);
  if (edit) send({ type: 'edit', edit });
}, config.editIntervalMs);

process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop-editing') clearInterval(editing);
  if (message.type === 'report') {
    const docs = Object.fromEntries([...clients].map(([name, c]) => [name, Buffer.from(Y.encodeStateAsUpdate(c.doc)).toString('base64')]));
    send({ type: 'state', docs, synced: [...clients.values()].every((c) => c.provider.synced && c.provider.wsconnected) });
  }
});
process.on('disconnect', () => process.exit(0));
