// The signed-in user's sessions ("Angemeldete Geräte") as the account page shows them: this device first,
// then the others by last activity. Lives only while the page is open; the list is the server's.
import { ApiError } from '$lib/data/api-error.ts';
import { endOtherSessions, endSession, fetchSessions, type AccountSession } from './account-api.ts';

export class AccountSessions {
  list = $state.raw<AccountSession[]>([]);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state.raw<ApiError | Error | null>(null);
  #generation = 0;

  current = $derived(this.list.find((s) => s.current) ?? null);
  others = $derived(this.list.filter((s) => !s.current));

  async load(): Promise<void> {
    const generation = ++this.#generation;
    if (this.list.length === 0) this.status = 'loading';
    try {
      const sessions = await fetchSessions();
      if (generation !== this.#generation) return;
      this.list = [...sessions].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = error instanceof Error ? error : new Error(String(error));
      this.status = 'error';
    }
  }

  /** Ends another device's session; false when the server had already ended it. */
  async end(id: string): Promise<boolean> {
    const ended = await endSession(id);
    this.list = this.list.filter((s) => s.id !== id);
    return ended;
  }

  /** Ends every session but this one, in one request; returns how many were still open. */
  async endOthers(): Promise<number> {
    try {
      return await endOtherSessions();
    } finally {
      await this.load();
    }
  }
}
