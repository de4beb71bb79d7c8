// The `/sync/<doc>` websocket endpoint: authenticates the upgrade with the session cookie, checks the
// doc name and access, then hands validated frames to the doc's room. Every refusal closes the socket
// with a named code from @workmate/sync-protocol and is logged; nothing malformed reaches a doc.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ACKS_PARAM, CloseCode, SESSION_REVOKED_REASON, parseDocName } from '@workmate/sync-protocol';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { originAllowed } from '../api/origin-check.ts';
import { SESSION_COOKIE, cookieFromHeader, lookupSession } from '../auth/sessions.ts';
import { FrameError, decodeClientFrame } from './client-frame.ts';
import type { Connection } from './connection.ts';
import type { Rooms } from './rooms.ts';
import { docRights, type SocketRegistry } from './socket-registry.ts';

export const SYNC_PATH_PREFIX = '/sync/';

type Deps = { db: pg.Pool; rooms: Rooms; registry: SocketRegistry; config: Config; log: Logger };

export type SyncSockets = {
  /** Closes every socket with "going away" (clients reconnect to the next server). */
  closeAll(): void;
  readonly count: number;
};

let nextConnectionId = 1;

export function attachSyncSockets(server: Server, deps: Deps): SyncSockets {
  const { config, log } = deps;
  // ws enforces the size limit while reading the frame header, before buffering the payload.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes });
  const sockets = new Set<WebSocket>();

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
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.once('close', () => sockets.delete(ws));
      void serveSocket(ws, req, url, deps);
    });
  });

  return {
    closeAll() {
      for (const ws of sockets) ws.close(CloseCode.GoingAway, 'server shutting down');
    },
    get count() {
      return sockets.size;
    },
  };
}

async function serveSocket(ws: WebSocket, req: IncomingMessage, url: URL, { db, rooms, registry, config, log }: Deps): Promise<void> {
  reportOversizeFramesAsTooLarge(ws);
  // Frames that arrive while we authenticate and load the doc are queued, not dropped: the client
  // sends its sync step 1 right after the socket opens.
  const queued: RawData[] = [];
  const queue = (data: RawData) => queued.push(data);
  ws.on('message', queue);
  ws.on('error', (error) => log.warn('sync socket error', { error: error.message }));

  const refuse = (code: number, reason: string, fields: Record<string, unknown> = {}) => {
    log.warn('sync socket refused', { code, reason, path: url.pathname, ...fields });
    ws.close(code, reason);
  };

  let rawName: string;
  try {
    rawName = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length));
  } catch {
    return refuse(CloseCode.NotFound, 'malformed doc name');
  }
  const parsed = parseDocName(rawName);
  if (!parsed.ok) return refuse(CloseCode.NotFound, parsed.reason);

  const session = await lookupSession(db, cookieFromHeader(req.headers.cookie, SESSION_COOKIE), config.sessionTtlMs).catch(
    (error: Error) => {
      log.error('session lookup failed', { error: error.message });
      return null;
    },
  );
  if (!session) return refuse(1011, 'session could not be checked; try again shortly');
  if (!session.ok) return refuse(CloseCode.Unauthorized, session.end === 'revoked' ? SESSION_REVOKED_REASON : 'sign in first');
  const { user, sessionId } = session;
  const rights = docRights(user, parsed.ref);
  if (!rights.read) return refuse(CloseCode.Forbidden, 'no read access to this doc', { user: user.id, doc: parsed.name });
  if (ws.readyState !== ws.OPEN) return;

  // Registered before the doc loads, so an access change or a sign-out during the load reaches this socket.
  let canWrite = rights.write;
  let conn: Connection | null = null;
  const unregister = registry.add({
    userId: user.id,
    sessionId,
    doc: parsed.name,
    ref: parsed.ref,
    setCanWrite: (value) => {
      canWrite = value;
      if (conn) conn.canWrite = value;
    },
    close: (code, reason) => ws.close(code, reason),
  });
  ws.once('close', unregister);

  const [room] = await Promise.all([
    rooms.acquire(parsed.name, parsed.ref).catch((error: Error) => {
      log.error('could not load doc', { doc: parsed.name, error: error.message });
      return null;
    }),
    // A change committed between the lookup above and the registration was reported to nobody: look again.
    lookupSession(db, cookieFromHeader(req.headers.cookie, SESSION_COOKIE), config.sessionTtlMs).then(
      (again) => {
        if (!again.ok) return refuse(CloseCode.Unauthorized, SESSION_REVOKED_REASON, { user: user.id });
        const now = docRights(again.user, parsed.ref);
        if (!now.read) return refuse(CloseCode.Forbidden, 'access revoked', { user: user.id, doc: parsed.name });
        canWrite = now.write;
      },
      () => undefined,
    ),
  ]);
  if (!room) {
    void rooms.release(parsed.name);
    return refuse(1011, 'doc could not be loaded; try again shortly');
  }

  const connection: Connection = {
    id: nextConnectionId++,
    userId: user.id,
    canWrite,
    wantsAcks: url.searchParams.get(ACKS_PARAM) === '1',
    awarenessClients: new Set(),
    send(frame) {
      if (ws.readyState === ws.OPEN) ws.send(frame);
    },
    close(code, reason) {
      ws.close(code, reason);
    },
  };

  const handle = (data: RawData) => {
    if (ws.readyState !== ws.OPEN) return;
    const bytes = toBytes(data);
    if (bytes.length > config.maxFrameBytes) {
      return refuse(CloseCode.TooLarge, `frame over ${config.maxFrameBytes} bytes`, { user: user.id, doc: parsed.name });
    }
    try {
      room.receive(connection, decodeClientFrame(bytes));
    } catch (error) {
      const reason = error instanceof FrameError ? error.message : `update could not be applied: ${(error as Error).message}`;
      refuse(CloseCode.BadMessage, reason.slice(0, 120), { user: user.id, doc: parsed.name });
    }
  };

  if (ws.readyState !== ws.OPEN) {
    // Closed while we were loading: nothing to join.
    void rooms.release(parsed.name);
    return;
  }
  ws.off('message', queue);
  ws.on('message', handle);
  conn = connection;
  connection.canWrite = canWrite;
  ws.once('close', () => {
    room.leave(connection);
    void rooms.release(parsed.name);
  });
  room.join(connection);
  for (const data of queued) handle(data);
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
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) =>
    code === 1009 ? close(CloseCode.TooLarge, 'frame too large') : close(code, reason);
}
