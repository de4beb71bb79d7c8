// The server's doc, seen two ways: what a brand-new client syncs over the websocket, and what the
// database holds (loaded through PgDocStore, exactly as a restarted server would load it).
import * as Y from 'yjs';
import pg from 'pg';
import { PgDocStore } from '../../sync-server/src/persistence/pg-doc-store.ts';
import { connectNodeClient, type NodeSyncClient } from '../helpers/node-sync-client.ts';
import { waitFor } from '../helpers/wait-for.ts';

export type Probe = { docs: Map<string, Y.Doc>; destroy(): void };

/** Fresh clients straight to the server (not through the proxy), synced; they stay connected. */
export async function probeServer(serverUrl: string, cookie: string, docNames: readonly string[]): Promise<Probe> {
  const clients: NodeSyncClient[] = docNames.map((name) => connectNodeClient(serverUrl, name, cookie));
  const destroy = () => clients.forEach((c) => c.destroy());
  try {
    await waitFor(() => clients.every((c) => c.provider.synced), { timeoutMs: 30_000, what: 'probe clients to sync with the server' });
  } catch (error) {
    destroy();
    throw error;
  }
  return { docs: new Map(docNames.map((name, i) => [name, clients[i]!.doc])), destroy };
}

/** The docs as the database has them now. */
export async function loadStoredDocs(databaseUrl: string, docNames: readonly string[]): Promise<Map<string, Y.Doc>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const store = new PgDocStore(pool);
    const docs = new Map<string, Y.Doc>();
    for (const name of docNames) {
      const doc = new Y.Doc();
      const state = await store.load(name);
      if (state) Y.applyUpdate(doc, state);
      docs.set(name, doc);
    }
    return docs;
  } finally {
    await pool.end();
  }
}
