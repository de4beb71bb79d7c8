// The `/sync/<doc>` websocket endpoint: authenticates the upgrade with the session cookie, checks the
// doc name and access, then hands validated frames to the doc's room. Every refusal closes the socket
// with a named code from @workmate/sync-protocol and is logged; nothing malformed reaches a doc.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ACKS_PARAM, CloseCode, SESSION_REVOKED_REASON, parseDocName, type DocRef } from '@workmate/sync-protocol';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { originAllowed } from '../api/origin-check.ts';
import { SESSION_COOKIE, cookieFromHeader, lookupSession } from '../auth/sessions.ts';
import { withSocketIdentity } from './awareness-identity.ts';
import { FrameError, decodeClientFrame } from './client-frame.ts';
import type { Room } from './room.ts';
import type { Rooms } from './rooms.ts';
import { docRights, type SocketRegistry } from './socket-registry.ts';
import { socketStrings } from './shared-strings.ts';
import { SyncConnection } from './sync-connection.ts';

export const SYNC_PATH_PREFIX = '/sync/';

type Deps = { db: pg.Pool; rooms: Rooms; registry: SocketRegistry; config: Config; log: Logger };

export type SyncSockets = {
  /** Closes every socket with "going away" (clients reconnect to the next server). */
  closeAll(): void;
  readonly count: number;
};

let nextConnectionId = 1;

/** What a sync socket needs from its upgrade request. */
type SyncRequest = { docPath: string; cookie: string | undefined; wantsAcks: boolean };

export function attachSyncSockets(server: Server, deps: Deps): SyncSockets {
  const { config, log } = deps;
  // ws enforces the size limit while reading the frame header, before buffering the payload.
  // wss.clients tracks the open sockets (no second Set and close listener of our own per socket).
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(SYNC_PATH_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    // A page on another site must not open a socket with the user's cookie.
    if (!originAllowed(req.headers.origin, req.headers.host, config.publicOrigin)) {
      log.warn('sync upgrade from another origin refused', { origin: req.headers.origin });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    // Only these facts outlive the upgrade: a socket's closures must not keep the request (headers,
    // parser state), the URL or the head buffer alive for as long as the socket is open.
    const request: SyncRequest = {
      docPath: url.pathname,
      cookie: cookieFromHeader(req.headers.cookie, SESSION_COOKIE),
      wantsAcks: url.searchParams.get(ACKS_PARAM) === '1',
    };
    wss.handleUpgrade(req, socket, head, (ws) => void serveSocket(ws, request, deps));
  });

  return {
    closeAll() {
      for (const ws of wss.clients) ws.close(CloseCode.GoingAway, 'server shutting down');
    },
    get count() {
      return wss.clients.size;
    },
  };
}

async function serveSocket(ws: WebSocket, request: SyncRequest, deps: Deps): Promise<void> {
  const { db, rooms, registry, config } = deps;
  // Every line about this socket carries its connection id.
  const connectionId = nextConnectionId++;
  const log = deps.log.child({ conn: connectionId });
  reportOversizeFramesAsTooLarge(ws);
  // Frames that arrive while we authenticate and load the doc are queued, not dropped: the client
  // sends its sync step 1 right after the socket opens.
  let queued: RawData[] = [];
  const queue = (data: RawData) => queued.push(data);
  ws.on('message', queue);
  const logError = (error: Error) => log.warn('sync socket error', { error: error.message });
  ws.on('error', logError);

  // Closures made in this function live only until the socket joins or is refused: what stays for as
  // long as the socket is open is made in joinRoom or is the SyncConnection, so it cannot keep this
  // function's variables (the request with its cookie, the user record) alive. Per idle socket, every
  // byte counts ×10,000. (Named closures such as `queue` and `refuse` are fine here only because they
  // are short-lived: tsx gives each a ~250-byte name dictionary, see joinRoom.)
  const refuse = (code: number, reason: string, fields: Record<string, unknown> = {}) =>
    refuseSocket(ws, log, request.docPath, code, reason, fields);

  let rawName: string;
  try {
    rawName = decodeURIComponent(request.docPath.slice(SYNC_PATH_PREFIX.length));
  } catch {
    return refuse(CloseCode.NotFound, 'malformed doc name');
  }
  const parsed = parseDocName(rawName);
  if (!parsed.ok) return refuse(CloseCode.NotFound, parsed.reason);

  const changesHeardBefore = registry.accessChangesHeard;
  const session = await lookupSession(db, request.cookie, config.sessionTtlMs).catch(
    (error: Error) => {
      log.error('session lookup failed', { error: error.message });
      return null;
    },
  );
  if (!session) return refuse(CloseCode.ServerError, 'session could not be checked; try again shortly');
  if (!session.ok) return refuse(CloseCode.Unauthorized, session.end === 'revoked' ? SESSION_REVOKED_REASON : 'sign in first');
  const { user, sessionId } = session;
  const userId = user.id;
  const rights = docRights(user, parsed.ref);
  if (!rights.read) return refuse(CloseCode.Forbidden, 'no read access to this doc', { user: userId, doc: parsed.name });
  if (ws.readyState !== ws.OPEN) return;

  // Registered before the doc loads, so an access change or a sign-out during the load reaches this
  // socket; until it joins, a change of write access only updates the connection the room will get.
  const connection = new SyncConnection(ws, connectionId, socketStrings.share(userId), socketStrings.share(user.name), socketStrings.share(sessionId), parsed.name, rights.write, request.wantsAcks);
  registry.add(connection);
  const unregister = () => forget(connection, registry);
  // `on`, not `once`: ws emits 'close' exactly once, and `once` wraps each listener in a bound function
  // and a state object (~170 bytes per listener, per socket).
  ws.on('close', unregister);

  const [room] = await Promise.all([
    rooms.acquire(parsed.name, parsed.ref).catch((error: Error) => {
      log.error('could not load doc', { doc: parsed.name, error: error.message });
      return null;
    }),
    // A change reported while the lookup above ran found this socket unregistered (rare; see
    // accessChangesHeard): look again.
    registry.accessChangesHeard === changesHeardBefore ? undefined : recheckSession(connection, request.cookie, parsed.ref, deps, refuse),
  ]);
  if (!room) {
    void rooms.release(parsed.name);
    return refuse(CloseCode.ServerError, 'doc could not be loaded; try again shortly');
  }
  if (ws.readyState !== ws.OPEN) {
    // Closed while we were loading: nothing to join.
    void rooms.release(parsed.name);
    return;
  }
  const early = queued;
  queued = [];
  joinRoom({ ws, room, connection, rooms, registry, maxFrameBytes: config.maxFrameBytes, log: deps.log, docPath: request.docPath }, { early, queue, logError, unregister });
}

/** Looks the socket's session up again and refuses the socket, or updates its write access, by what it finds. */
export async function recheckSession(
  connection: Pick<SyncConnection, 'userId' | 'doc' | 'canWrite'>,
  cookie: string | undefined,
  ref: DocRef,
  { db, config }: Pick<Deps, 'db' | 'config'>,
  refuse: (code: number, reason: string, fields?: Record<string, unknown>) => void,
): Promise<void> {
  const fields = { user: connection.userId, doc: connection.doc };
  const again = await lookupSession(db, cookie, config.sessionTtlMs).catch(() => null);
  // A change may have passed this socket by: without an answer it must not keep the rights it had.
  if (!again) return refuse(CloseCode.ServerError, 'session could not be checked; try again shortly', fields);
  if (!again.ok) return refuse(CloseCode.Unauthorized, SESSION_REVOKED_REASON, fields);
  const rights = docRights(again.user, ref);
  if (!rights.read) return refuse(CloseCode.Forbidden, 'access revoked', fields);
  connection.canWrite = rights.write;
}

function forget(connection: SyncConnection, registry: SocketRegistry): void {
  registry.remove(connection);
  socketStrings.release(connection.userId);
  socketStrings.release(connection.userName);
  socketStrings.release(connection.sessionId);
}

function refuseSocket(ws: WebSocket, log: Logger, docPath: string, code: number, reason: string, fields: Record<string, unknown>): void {
  log.warn('sync socket refused', { code, reason, path: docPath, ...fields });
  ws.close(code, reason);
}

type Joining = {
  ws: WebSocket;
  room: Room;
  connection: SyncConnection;
  rooms: Rooms;
  registry: SocketRegistry;
  maxFrameBytes: number;
  /**
   * The server's logger, not the socket's child: a joined socket's lines add `conn` themselves, so an
   * idle socket keeps no logger of its own (~100 bytes).
   */
  log: Logger;
  docPath: string;
};

/** What serveSocket set up before the join: the queued frames, and the listeners joinRoom replaces. */
type BeforeJoin = {
  early: RawData[];
  queue: (data: RawData) => void;
  logError: (error: Error) => void;
  unregister: () => void;
};

/**
 * Hands the socket's frames to the room (first those queued while it loaded) until the socket closes.
 * The listeners that live as long as the socket are made here, together, so they share one context; and
 * as anonymous arrows, because tsx (esbuild keepNames) gives every `const f = () => …` a `name` property,
 * which costs a property dictionary of ~250 bytes per instance. Each replaces its pre-join counterpart
 * rather than joining it: a third 'close' listener would grow the emitter's listener array from 2 to
 * ~19 slots (~170 bytes per socket).
 */
function joinRoom({ ws, room, connection, rooms, registry, maxFrameBytes, log, docPath }: Joining, { early, queue, logError, unregister }: BeforeJoin): void {
  ws.on('message', (data: RawData) => {
    if (ws.readyState !== ws.OPEN) return;
    const bytes = toBytes(data);
    if (bytes.length > maxFrameBytes) {
      return refuseSocket(ws, log, docPath, CloseCode.TooLarge, `frame over ${maxFrameBytes} bytes`, { conn: connection.id, user: connection.userId, doc: connection.doc });
    }
    try {
      const frame = decodeClientFrame(bytes);
      // Presence says who the socket's user is, whatever the client claims (awareness-identity.ts).
      room.receive(connection, frame.type === 'awareness' ? withSocketIdentity(frame, connection.presenceUser) : frame);
    } catch (error) {
      const reason = error instanceof FrameError ? error.message : `update could not be applied: ${(error as Error).message}`;
      refuseSocket(ws, log, docPath, CloseCode.BadMessage, reason.slice(0, 120), { conn: connection.id, user: connection.userId, doc: connection.doc });
    }
  });
  ws.off('message', queue);
  ws.on('error', (error) => log.warn('sync socket error', { conn: connection.id, error: error.message }));
  ws.off('error', logError);
  log.info('sync socket joined', { conn: connection.id, user: connection.userId, doc: connection.doc, canWrite: connection.canWrite });
  ws.off('close', unregister);
  ws.on('close', (code) => {
    forget(connection, registry);
    log.info('sync socket closed', { conn: connection.id, user: connection.userId, doc: connection.doc, code });
    room.leave(connection);
    void rooms.release(connection.doc);
  });
  room.join(connection);
  // Replayed as if they arrived now: the listener above is the socket's only message listener.
  for (const data of early) ws.emit('message', data, false);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * ws closes a socket whose frame exceeds maxPayload with 1009 before any of our code sees the frame;
 * clients expect our own TooLarge code for that, so translate it on this socket.
 */
function reportOversizeFramesAsTooLarge(ws: WebSocket): void {
  ws.close = closeWithTooLarge;
}

// One function for every socket (it finds its socket in `this`), rather than a closure or bound copy per socket.
function closeWithTooLarge(this: WebSocket, code?: number, reason?: string | Buffer): void {
  if (code === 1009) WebSocket.prototype.close.call(this, CloseCode.TooLarge, 'frame too large');
  else WebSocket.prototype.close.call(this, code, reason);
}
