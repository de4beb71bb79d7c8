// Websocket close codes the sync server uses, shared so the web app can react to each one by name.
// 44xx mirrors the HTTP status with the same meaning (Hocuspocus does the same).
export const CloseCode = {
  /** A frame could not be decoded, had an unknown message type, or carried an invalid update. */
  BadMessage: 4400,
  /** No valid session cookie: the client must sign in again. */
  Unauthorized: 4401,
  /** Signed in, but not allowed to read the doc (or tried to write a doc it may only read). */
  Forbidden: 4403,
  /** The doc name is malformed or names no doc kind. */
  NotFound: 4404,
  /** A frame exceeded the server's configured maximum size. */
  TooLarge: 4413,
  /** The server is shutting down; the client reconnects to the next one. */
  GoingAway: 1001,
  /** The server could not serve the socket now (its database did not answer); the client reconnects. */
  ServerError: 1011,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close reason with 4401 when the server ended the session (vs. an unknown or expired one). */
export const SESSION_REVOKED_REASON = 'session revoked';
/** Close reason with 4401 when the session ran out while the socket was open (sign in again, keep working). */
export const SESSION_EXPIRED_REASON = 'session expired';

/** Codes after which reconnecting with the same credentials cannot succeed. */
export const fatalCloseCodes: readonly number[] = [
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.NotFound,
];
