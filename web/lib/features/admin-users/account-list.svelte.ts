// The accounts and roles of Verwaltung › Benutzer as the screen shows them: loaded from the server (the
// source of truth — accounts are not synced to devices), searched by name or email, filtered by role
// and status. One instance per page session, so filters survive a visit to another screen.
import { normaliseForSearch, matchesQuery } from '$lib/data/search-text.ts';
import { fetchAccounts, fetchRoles, type Account, type Role } from './admin-users-api.ts';

export type StatusFilter = '' | 'active' | 'inactive';

class AccountList {
  accounts = $state.raw<Account[]>([]);
  roles = $state.raw<Role[]>([]);
  /** True once the first load finished (successfully or not). */
  loaded = $state(false);
  loading = $state(false);
  error = $state.raw<unknown>(null);

  query = $state('');
  role = $state('');
  status = $state<StatusFilter>('');

  roleNames = $derived(new Map(this.roles.map((r) => [r.key, r.name])));

  #searchText = $derived(new Map(this.accounts.map((a) => [a.id, normaliseForSearch(`${a.name} ${a.email}`)])));

  rows = $derived.by(() => {
    const { query, role, status } = this;
    return this.accounts.filter(
      (a) =>
        (role === '' || a.roles.includes(role)) &&
        (status === '' || a.active === (status === 'active')) &&
        (query.trim() === '' || matchesQuery(this.#searchText.get(a.id) ?? '', query)),
    );
  });

  /** Whether there is a list to count: loaded, and not just a failed first load. */
  get showing(): boolean {
    return this.loaded && !(this.error && this.accounts.length === 0);
  }

  get filtering(): boolean {
    return this.query.trim() !== '' || this.role !== '' || this.status !== '';
  }

  /** Loads accounts and roles again; keeps what is shown until the new answer is there. */
  async refresh(): Promise<void> {
    this.loading = true;
    try {
      const [accounts, roles] = await Promise.all([fetchAccounts(), fetchRoles()]);
      this.accounts = accounts;
      this.roles = roles;
      this.error = null;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
      this.loaded = true;
    }
  }

  /** Puts a changed account into the list at once (the refresh that follows confirms it). */
  replace(account: Account): void {
    this.accounts = this.accounts.some((a) => a.id === account.id)
      ? this.accounts.map((a) => (a.id === account.id ? account : a))
      : [...this.accounts, account];
  }

  reset(): void {
    this.query = '';
    this.role = '';
    this.status = '';
  }

  setStatus(value: string): void {
    this.status = value === 'active' || value === 'inactive' ? value : '';
  }

  roleName(key: string): string {
    return this.roleNames.get(key) ?? key;
  }
}

export const accountList = new AccountList();
