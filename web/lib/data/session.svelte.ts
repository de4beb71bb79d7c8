// Who is signed in on this device. The user is remembered in IndexedDB, so the app starts offline for
// the last signed-in user. `expired`: the server stopped accepting the session (local work continues,
// sync waits for sign-in). `revoked`: the server ended it (sign-out elsewhere, deactivation) — the app
// goes to the sign-in page.
import { can, hasAnyScopeOf, type Resource } from '@workmate/domain/access';
import { Dexie } from 'dexie';
import { DATABASE_NAME, readMeta, writeMeta } from './database.ts';
import { sessionUserSchema, type SessionUser } from './session-user.ts';

const USER_KEY = 'session-user';

class Session {
  user = $state.raw<SessionUser | null>(null);
  expired = $state(false);
  revoked = $state(false);
  #restoring: Promise<void> | null = null;

  /**
   * Loads the remembered user once per page load. Unreadable storage counts as signed out. A device
   * without the database (fresh, or wiped by sign-out) is not given an empty one just by looking.
   */
  restore(): Promise<void> {
    return (this.#restoring ??= Dexie.exists(DATABASE_NAME).then((exists) => (exists ? readMeta<unknown>(USER_KEY) : undefined)).then(
      (stored) => {
        const parsed = sessionUserSchema.safeParse(stored);
        if (parsed.success && !this.user) this.user = parsed.data;
      },
      (error: unknown) => console.warn('could not read the remembered user', error),
    ));
  }

  /**
   * Whether the signed-in user may do `permission` — to any record, or to `resource` (own records,
   * department). The server checks again on every doc and request; this decides what the UI offers.
   */
  can(permission: string, resource?: Resource): boolean {
    if (!this.user) return false;
    return can({ permissions: this.user.permissions, employeeId: this.user.employeeId }, permission, resource);
  }

  /** Whether the user may do `permission` to at least some records (e.g. their own): shows the area. */
  canSome(permission: string): boolean {
    return this.user !== null && hasAnyScopeOf(this.user.permissions, permission);
  }

  /** After a sign-in or a successful check with the server. */
  async accept(user: SessionUser): Promise<void> {
    this.expired = false;
    this.revoked = false;
    // Same user, same rights: keep the object so nothing that depends on it re-runs.
    if (JSON.stringify(user) === JSON.stringify(this.user)) return;
    this.user = user;
    await writeMeta(USER_KEY, user);
  }

  markExpired(): void {
    if (this.user) this.expired = true;
  }

  markRevoked(): void {
    if (!this.user) return;
    this.expired = true;
    this.revoked = true;
  }

  /** Forgets the user in memory (the stored copy goes with the wiped database). */
  forget(): void {
    this.user = null;
    this.expired = false;
    this.revoked = false;
    this.#restoring = Promise.resolve();
  }
}

export const session = new Session();
