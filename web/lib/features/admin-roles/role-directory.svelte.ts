// The roles of the company as the server has them, and — for users who may manage accounts — who holds
// each. Loaded per screen (admin data is not kept on the device); `load()` again to refresh.
import { fetchAccounts, fetchRoles, type Account, type Role } from './role-api.ts';
import { describeRoleError } from './role-errors.ts';
import { holdersOf } from './role-rules.ts';

export class RoleDirectory {
  roles = $state.raw<Role[]>([]);
  /** null: not loaded, or the user may not read accounts. */
  accounts = $state.raw<Account[] | null>(null);
  accountsFailed = $state(false);
  status = $state<'loading' | 'ready' | 'failed'>('loading');
  /** Why loading failed, in the UI language. */
  failure = $state('');
  readonly #mayReadAccounts: () => boolean;

  constructor(mayReadAccounts: () => boolean) {
    this.#mayReadAccounts = mayReadAccounts;
  }

  async load(): Promise<void> {
    if (this.status === 'failed') this.status = 'loading';
    const withAccounts = this.#mayReadAccounts();
    const [roles, accounts] = await Promise.allSettled([fetchRoles(), withAccounts ? fetchAccounts() : Promise.resolve(null)]);
    if (roles.status === 'rejected') {
      this.failure = describeRoleError(roles.reason).message;
      this.status = 'failed';
      return;
    }
    this.roles = roles.value;
    this.accounts = accounts.status === 'fulfilled' ? accounts.value : null;
    this.accountsFailed = accounts.status === 'rejected';
    this.status = 'ready';
  }

  find(key: string): Role | null {
    return this.roles.find((role) => role.key === key) ?? null;
  }

  /** Accounts holding the role (deactivated ones too); null when the user may not see them. */
  holders(key: string): Account[] | null {
    return this.accounts ? holdersOf(key, this.accounts) : null;
  }

  /** Accounts that keep a role from being deleted: every holder, deactivated ones included. */
  blockingDeletion(role: Role): number {
    return this.holders(role.key)?.length ?? role.members;
  }

  removed(key: string): void {
    this.roles = this.roles.filter((role) => role.key !== key);
  }
}
