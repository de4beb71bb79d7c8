// A Node y-websocket client (node-sync-client.ts) that also records the reason of each close the server
// sent, for tests that tell "session revoked" (4401) and "access revoked" (4403) apart.
import type * as Y from 'yjs';
import { connectNodeClient, type NodeSyncClient } from './node-sync-client.ts';

export type ServerClose = { code: number; reason: string };

export type WatchedSyncClient = NodeSyncClient & {
  /** Every close of a socket by the server, oldest first (local closes are not listed). */
  serverCloses: ServerClose[];
};

export function connectWatchedClient(baseUrl: string, docName: string, cookie: string | null, doc?: Y.Doc): WatchedSyncClient {
  const client = connectNodeClient(baseUrl, docName, cookie, doc);
  const serverCloses: ServerClose[] = [];
  client.provider.on('connection-close', (event) => {
    if (event) serverCloses.push({ code: event.code, reason: event.reason });
  });
  return { ...client, serverCloses };
}
