// The audit log page's entries for the filter in the URL: the first page on every filter change, more
// with "Mehr laden". A response for a filter that is no longer shown is dropped.
import { fetchAuditPage } from './audit-api.ts';
import type { AuditEntry } from './audit-entry.ts';
import type { AuditFilter } from './audit-filter.ts';

export class AuditLog {
  entries = $state.raw<AuditEntry[]>([]);
  /** Cursor of the next page; null when everything is loaded. */
  next = $state<string | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  loadingMore = $state(false);
  /** A reload of the filter already shown is running (its rows stay on screen meanwhile). */
  refreshing = $state(false);
  error = $state.raw<Error | null>(null);
  #filter: AuditFilter = {};
  #generation = 0;

  /** Shows the first page for `filter`; keeps the old rows on screen while refreshing the same filter. */
  async load(filter: AuditFilter): Promise<void> {
    const generation = ++this.#generation;
    const same = JSON.stringify(filter) === JSON.stringify(this.#filter) && this.status === 'ready';
    this.#filter = filter;
    this.status = same ? 'ready' : 'loading';
    this.refreshing = same;
    if (!same) this.entries = [];
    this.loadingMore = false;
    try {
      const page = await fetchAuditPage(filter);
      if (generation !== this.#generation) return;
      this.entries = page.entries;
      this.next = page.next;
      this.status = 'ready';
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = error instanceof Error ? error : new Error(String(error));
      this.status = 'error';
    } finally {
      if (generation === this.#generation) this.refreshing = false;
    }
  }

  /** Appends the next page; a failure is thrown to the caller and the button stays. */
  async loadMore(): Promise<void> {
    if (!this.next || this.loadingMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    try {
      const page = await fetchAuditPage(this.#filter, this.next);
      if (generation !== this.#generation) return;
      const seen = new Set(this.entries.map((e) => e.id));
      this.entries = [...this.entries, ...page.entries.filter((e) => !seen.has(e.id))];
      this.next = page.next;
    } finally {
      if (generation === this.#generation) this.loadingMore = false;
    }
  }
}
