// Message types on the sync socket. 0–3 are the standard y-websocket protocol (y-protocols);
// 100 is Workmate's one extension, sent only to clients that connect with `?acks=1`, so an
// unmodified y-websocket client never receives a message type it does not know.
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** Server → client: the state vector of what is durably stored in Postgres for this doc. */
  Stored: 100,
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Query parameter a client sets to receive `MessageType.Stored`. */
export const ACKS_PARAM = 'acks';
