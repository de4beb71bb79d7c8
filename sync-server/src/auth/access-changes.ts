// What the REST side tells the sync side when someone's access changes, so that open sockets follow at
// once: a socket for a doc its user may no longer read closes with 4403, one whose session ended with 4401.
export interface AccessChanges {
  /** The user's roles or active flag changed: re-check every socket of theirs. */
  userChanged(userId: string): Promise<void>;
  /** A role's permissions changed: re-check the sockets of everyone holding it. */
  roleChanged(roleKey: string): Promise<void>;
  /** Sessions ended (sign-out, revocation): the listed ones, or all of the user's except one. */
  sessionsEnded(userId: string, which: EndedSessions): void;
}

export type EndedSessions = { only: readonly string[] } | { allExcept: string | null };

export function sessionEnded(which: EndedSessions, sessionId: string): boolean {
  return 'only' in which ? which.only.includes(sessionId) : which.allExcept !== sessionId;
}
