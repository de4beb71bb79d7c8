// Signing in and out, and checking the session with the server. Offline the app keeps working for the
// remembered user; a session the server refuses marks it expired (local changes wait) until the user
// signs in again, after which every doc syncs what was typed meanwhile.
import { apiRequest, ApiError } from './api-error.ts';
import { db } from './database.ts';
import { pauseSync, resumeSync } from './doc-registry.ts';
import { wipeLocalData } from './local-data.ts';
import { session } from './session.svelte.ts';
import { sessionResponseSchema, type SessionUser } from './session-user.ts';

/** How long sign-out waits for unconfirmed changes to reach the server when online. */
const DRAIN_WAIT_MS = 4000;

function userFrom(body: unknown): SessionUser {
  const parsed = sessionResponseSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, 'bad_response', 'The server sent an unexpected answer. Reload the page and try again.');
  return parsed.data.user;
}

export async function signIn(email: string, password: string): Promise<SessionUser> {
  return takeOver(await apiRequest('/api/auth/login', { method: 'POST', body: { email, password } }));
}

/**
 * Makes the user in a server's sign-in answer this device's user (after a sign-in, or setting a password
 * through a link): another person's data leaves the device first, then every open doc connects again.
 */
export async function takeOver(signInAnswer: unknown): Promise<SessionUser> {
  const user = userFrom(signInAnswer);
  await session.restore();
  // Another person's data must not stay on the device for the next one to see.
  if (session.user && session.user.id !== user.id) {
    await wipeLocalData({ reopen: true });
    session.forget();
  }
  await session.accept(user);
  resumeSync();
  return user;
}

/** Asks the server whether the session still holds; refreshes the user's rights. Offline: no-op. */
export async function verifySession(): Promise<void> {
  if (!session.user) return;
  try {
    const wasExpired = session.expired;
    await session.accept(userFrom(await apiRequest('/api/auth/me')));
    if (wasExpired) resumeSync();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      // apiRequest has marked the session expired or revoked.
      pauseSync();
    } else if (!(error instanceof ApiError && error.isNetwork)) {
      console.warn('could not check the session', error);
    }
  }
}

/**
 * Local changes the server has not confirmed. When online, first waits a moment for them to arrive,
 * so that signing out right after typing does not warn needlessly.
 */
export async function unconfirmedChangeCount(): Promise<number> {
  const deadline = Date.now() + DRAIN_WAIT_MS;
  let count = await db.outbox.count();
  while (count > 0 && navigator.onLine && !session.expired && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    count = await db.outbox.count();
  }
  return count;
}

/** Ends the session on the server (if reachable) and wipes this device's Workmate data; leave the page after. */
export async function signOut(): Promise<void> {
  await apiRequest('/api/auth/logout', { method: 'POST' }).catch((error: unknown) => {
    if (!(error instanceof ApiError && error.isNetwork)) throw error;
  });
  await wipeLocalData({ reopen: false });
  session.forget();
}
