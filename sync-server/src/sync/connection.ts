// One client's socket as a room sees it: who it is, what it may do, and how to reach it.
export type Connection = {
  readonly id: number;
  readonly userId: string;
  /** Changes when the user's access changes while connected (see SocketRegistry). */
  canWrite: boolean;
  /** Connected with `?acks=1`: receives MessageType.Stored after each flush. */
  readonly wantsAcks: boolean;
  /**
   * Awareness client ids this socket owns (see awareness-ownership.ts), removed from everyone's view when
   * it closes. Null until it owns one: an empty Set costs ~200 bytes, per idle socket.
   */
  awarenessClients: Set<number> | null;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
};
