// One open sync socket as both the room (Connection) and the socket registry (RegisteredSocket) see it.
// A class, so an idle socket costs one object: its methods live on the prototype, where closures per
// socket (a context each, plus the ~250-byte name dictionary tsx gives a named arrow) would cost more
// than the rest of this object.
import type { WebSocket } from 'ws';
import { parseDocName, type DocRef } from '@workmate/sync-protocol';
import { presenceUser, type PresenceUser } from './awareness-identity.ts';
import type { Connection } from './connection.ts';
import type { RegisteredSocket } from './socket-registry.ts';
import { socketStrings } from './shared-strings.ts';

export class SyncConnection implements Connection, RegisteredSocket {
  awarenessClients: Set<number> | null = null;

  constructor(
    private readonly ws: WebSocket,
    readonly id: number,
    readonly userId: string,
    /** The user's display name: what its awareness states say (see awareness-identity.ts); follows a rename. */
    public userName: string,
    readonly sessionId: string,
    readonly doc: string,
    /** Changes when the user's access changes while connected (setCanWrite, from the registry). */
    public canWrite: boolean,
    readonly wantsAcks: boolean,
  ) {}

  /**
   * Parsed from the doc name when asked — only when the user's access changes — rather than kept: the
   * ref object and its id string are ~70 bytes per idle socket.
   */
  get ref(): DocRef {
    const parsed = parseDocName(this.doc);
    if (!parsed.ok) throw new Error(`a connection was opened for "${this.doc}", which is not a doc name: ${parsed.reason}`);
    return parsed.ref;
  }

  /** Made for each awareness frame the socket sends rather than kept: an idle socket pays for the name only. */
  get presenceUser(): PresenceUser {
    return presenceUser(this.userId, this.userName);
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  setCanWrite(canWrite: boolean): void {
    this.canWrite = canWrite;
  }

  /** The account was renamed: presence says the new name from the socket's next awareness update on. */
  setUserName(name: string): void {
    if (name === this.userName) return;
    socketStrings.release(this.userName);
    this.userName = socketStrings.share(name);
  }
}
