// Every open sync socket by user, so that a change of access reaches open connections at once: a socket
// whose session ended closes with 4401, one for a doc its user may no longer read with 4403, and one that
// may still read but no longer write becomes read-only. Sockets also close with 4401 when their session
// expires (session-expiry.ts).
import type pg from 'pg';
import { can } from '@workmate/domain/access';
import { CloseCode, SESSION_EXPIRED_REASON, SESSION_REVOKED_REASON, docAccess, type DocRef } from '@workmate/sync-protocol';
import { sessionEnded, type AccessChanges, type EndedSessions } from '../auth/access-changes.ts';
import { sessionsTimeLeft } from '../auth/sessions.ts';
import { subjectOf } from '../auth/subject.ts';
import { findUserById, usersWithRoles, type SessionUser } from '../auth/users.ts';
import type { Logger } from '../logger.ts';
import { SessionExpiry } from './session-expiry.ts';

export type RegisteredSocket = {
  readonly userId: string;
  readonly sessionId: string;
  readonly doc: string;
  readonly ref: DocRef;
  setCanWrite(canWrite: boolean): void;
  setUserName(name: string): void;
  close(code: number, reason: string): void;
};

/** What this user may do with this doc right now. */
export function docRights(user: SessionUser, ref: DocRef): { read: boolean; write: boolean } {
  const access = docAccess(ref);
  const subject = subjectOf(user);
  return { read: can(subject, access.read.permission, access.read.resource), write: can(subject, access.write.permission, access.write.resource) };
}

export class SocketRegistry implements AccessChanges {
  private readonly byUser = new Map<string, Set<RegisteredSocket>>();
  private changesHeard = 0;
  private readonly expiry: SessionExpiry;

  constructor(
    private readonly db: pg.Pool,
    private readonly log: Logger,
  ) {
    this.expiry = new SessionExpiry({
      readTimeLeft: (ids) => sessionsTimeLeft(db, ids),
      ended: (sessionId, userId, how) => this.closeSession(sessionId, userId, how),
      readFailed: (error) => log.warn('could not read when the sessions of open sockets expire; will retry', { error: error.message }),
    });
  }

  /** Registers an open socket; remove() forgets it. */
  add(socket: RegisteredSocket): void {
    let sockets = this.byUser.get(socket.userId);
    if (!sockets) this.byUser.set(socket.userId, (sockets = new Set()));
    sockets.add(socket);
    this.expiry.watch(socket.sessionId, socket.userId);
  }

  // A method rather than a closure returned by add(): a closure per open socket costs ~90 bytes of an idle socket.
  remove(socket: RegisteredSocket): void {
    const sockets = this.byUser.get(socket.userId);
    if (!sockets?.delete(socket)) return;
    if (sockets.size === 0) this.byUser.delete(socket.userId);
    this.expiry.unwatch(socket.sessionId);
  }

  /** Stops watching for expiring sessions (the server is stopping). */
  stop(): void {
    this.expiry.stop();
  }

  /**
   * How many access changes this instance has heard of (its own and other instances'). A socket reads it
   * before its session lookup: if it moved by the time the socket is registered, a change may have
   * missed the socket (it was not registered yet) while the lookup read the state before it — so the
   * socket looks again. Otherwise the one lookup stands, and opening a socket costs one read.
   */
  get accessChangesHeard(): number {
    return this.changesHeard;
  }

  /** Access messages may have been lost (the cluster bus reconnected): counts as a change. */
  changesMayHaveBeenMissed(): void {
    this.changesHeard++;
  }

  get count(): number {
    let n = 0;
    for (const sockets of this.byUser.values()) n += sockets.size;
    return n;
  }

  /** The sessions with open sockets, by user: what to re-check after access messages may have been missed. */
  openSessions(): Map<string, Set<string>> {
    const open = new Map<string, Set<string>>();
    for (const [userId, sockets] of this.byUser) open.set(userId, new Set([...sockets].map((s) => s.sessionId)));
    return open;
  }

  async userChanged(userId: string): Promise<void> {
    this.changesHeard++;
    const sockets = this.byUser.get(userId);
    if (!sockets || sockets.size === 0) return;
    const user = await findUserById(this.db, userId);
    for (const socket of [...sockets]) {
      if (!user) {
        socket.close(CloseCode.Unauthorized, SESSION_REVOKED_REASON);
        continue;
      }
      const rights = docRights(user, socket.ref);
      if (!rights.read) {
        this.log.info('closing socket after access change', { user: userId, doc: socket.doc });
        socket.close(CloseCode.Forbidden, 'access revoked');
      } else {
        socket.setCanWrite(rights.write);
        socket.setUserName(user.name);
      }
    }
  }

  async roleChanged(roleKey: string): Promise<void> {
    this.changesHeard++;
    const holders = await usersWithRoles(this.db, [roleKey]);
    await Promise.all(holders.filter((id) => this.byUser.has(id)).map((id) => this.userChanged(id)));
  }

  sessionsEnded(userId: string, which: EndedSessions): void {
    this.changesHeard++;
    for (const socket of [...(this.byUser.get(userId) ?? [])]) {
      if (sessionEnded(which, socket.sessionId)) socket.close(CloseCode.Unauthorized, SESSION_REVOKED_REASON);
    }
  }

  private closeSession(sessionId: string, userId: string, how: 'expired' | 'revoked'): void {
    this.log.info(`closing the sockets of a session that ${how === 'expired' ? 'expired' : 'was ended'}`, { user: userId });
    const reason = how === 'expired' ? SESSION_EXPIRED_REASON : SESSION_REVOKED_REASON;
    for (const socket of [...(this.byUser.get(userId) ?? [])]) {
      if (socket.sessionId === sessionId) socket.close(CloseCode.Unauthorized, reason);
    }
  }
}
