// One doc's connection to the sync server: the standard y-websocket provider on `/sync/<doc>?acks=1`,
// plus Workmate's `Stored` message (the server's durably stored state vector, which clears the outbox),
// and the translation of its events and close codes into the doc's sync state.
import * as decoding from 'lib0/decoding';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ACKS_PARAM, CloseCode, MessageType, SESSION_REVOKED_REASON } from '@workmate/sync-protocol';
import type { DocSyncState } from './sync-status.svelte.ts';

export type SyncConnectionEvents = {
  state(state: DocSyncState): void;
  /** The server has stored everything up to this state vector. */
  stored(stateVector: Map<number, number>): void;
  /** The server refused the session (close 4401): every connection pauses until sign-in. */
  unauthorized(revoked: boolean): void;
};

function syncServerUrl(): string {
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/sync`;
}

function stateAfterClose(code: number): DocSyncState {
  if (code === CloseCode.Unauthorized) return 'expired';
  if (code === CloseCode.Forbidden) return 'forbidden';
  return 'refused';
}

export class SyncConnection {
  readonly provider: WebsocketProvider;
  #state: DocSyncState = 'connecting';

  constructor(name: string, doc: Y.Doc, awareness: Awareness, connect: boolean, events: SyncConnectionEvents) {
    const provider = new WebsocketProvider(syncServerUrl(), name, doc, {
      awareness,
      connect,
      params: { [ACKS_PARAM]: '1' },
      // Never wait more than 2.5 s to retry after the network or the server comes back.
      maxBackoffTime: 2500,
    });
    this.provider = provider;
    const report = (state: DocSyncState) => {
      this.#state = state;
      events.state(state);
    };

    provider.messageHandlers[MessageType.Stored] = (_encoder, decoder) => {
      events.stored(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    };
    provider.on('status', ({ status }) => {
      if (status === 'connected') report('connected');
      // While retrying after a drop the doc stays "offline" rather than flickering to "connecting".
      else if (status === 'connecting' && this.#state !== 'offline') report('connecting');
      else if (status === 'disconnected') report('offline');
    });
    provider.on('sync', (synced) => {
      if (synced && provider.wsconnected) report('synced');
    });
    provider.on('connection-close', () => {
      if (this.#state !== 'connecting') report('offline');
    });
    provider.on('connection-error', () => {
      if (this.#state === 'connecting') report('offline');
    });
    provider.on('closed', ({ code, reason }) => {
      report(stateAfterClose(code));
      if (code === CloseCode.Unauthorized) events.unauthorized(reason === SESSION_REVOKED_REASON);
    });
    if (connect) report('connecting');
    else report('offline');
  }

  get state(): DocSyncState {
    return this.#state;
  }

  /** Connects (again) unless already connected; after a refusal this is the user's explicit retry. */
  resume(): void {
    if (this.provider.wsconnected || this.provider.wsconnecting) return;
    this.provider.connect();
  }

  pause(): void {
    this.provider.disconnect();
  }

  destroy(): void {
    this.provider.destroy();
  }
}
