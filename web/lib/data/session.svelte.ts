// Who is signed in on this device. The user is remembered in IndexedDB, so the app starts offline for
// the last signed-in user; `expired` is set when the server stops accepting the session (local work
// continues, sync waits for sign-in).
import { hasPermission } from '@workmate/domain/access';
import { readMeta, writeMeta } from './database.ts';
import { sessionUserSchema, type SessionUser } from './session-user.ts';

const USER_KEY = 'session-user';

class Session {
  user = $state.raw<SessionUser | null>(null);
  expired = $state(false);
  #restoring: Promise<void> | null = null;

  /** Loads the remembered user once per page load. Unreadable storage counts as signed out. */
  restore(): Promise<void> {
    return (this.#restoring ??= readMeta<unknown>(USER_KEY).then(
      (stored) => {
        const parsed = sessionUserSchema.safeParse(stored);
        if (parsed.success && !this.user) this.user = parsed.data;
      },
      (error: unknown) => console.warn('could not read the remembered user', error),
    ));
  }

  /** Whether the signed-in user holds `permission` (the server checks again on every doc and request). */
  can(permission: string): boolean {
    return this.user !== null && hasPermission(this.user.permissions, permission);
  }

  /** After a sign-in or a successful check with the server. */
  async accept(user: SessionUser): Promise<void> {
    this.expired = false;
    // Same user, same rights: keep the object so nothing that depends on it re-runs.
    if (JSON.stringify(user) === JSON.stringify(this.user)) return;
    this.user = user;
    await writeMeta(USER_KEY, user);
  }

  markExpired(): void {
    if (this.user) this.expired = true;
  }

  /** Forgets the user in memory (the stored copy goes with the wiped database). */
  forget(): void {
    this.user = null;
    this.expired = false;
    this.#restoring = Promise.resolve();
  }
}

export const session = new Session();
