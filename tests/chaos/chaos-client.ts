// One in-process chaos client: a device with its own proxy link, one y-websocket provider per doc, and
// a list of the counted edits it made. It keeps editing while offline — the point of local-first.
import type * as Y from 'yjs';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import type { ProxyLink } from '../helpers/tcp-proxy.ts';
import { makeRandomEdit, pick, type Edit, type EditTargets, type Random } from './edits.ts';

export class ChaosClient {
  readonly edits: Edit[] = [];
  private readonly connections = new Map<string, NodeSyncClient>();
  private seq = 0;
  private offline = false;

  constructor(
    readonly name: string,
    readonly link: ProxyLink,
    cookie: string,
    docNames: readonly string[],
    private readonly targets: EditTargets,
  ) {
    for (const docName of docNames) this.connections.set(docName, connectNodeClient(link.url, docName, cookie));
  }

  get docs(): Map<string, Y.Doc> {
    return new Map([...this.connections].map(([name, c]) => [name, c.doc]));
  }

  get isOffline(): boolean {
    return this.offline;
  }

  /** Synced on every doc over an open socket. */
  get synced(): boolean {
    return [...this.connections.values()].every((c) => c.provider.synced && c.provider.wsconnected);
  }

  /** One edit on a random doc; the counted ones are remembered as made. */
  edit(random: Random): void {
    const docName = pick(random, [...this.connections.keys()]);
    const edit = makeRandomEdit(this.connections.get(docName)!.doc, docName, `${this.name}-${this.seq++}`, random, this.targets);
    if (edit) this.edits.push(edit);
  }

  /** Goes offline as a device does (the app closes its sockets and stops reconnecting). */
  goOffline(): void {
    this.offline = true;
    for (const c of this.connections.values()) c.provider.disconnect();
  }

  goOnline(): void {
    this.offline = false;
    for (const c of this.connections.values()) c.provider.connect();
  }

  destroy(): void {
    for (const c of this.connections.values()) c.destroy();
  }
}
