// The accounts the user filter offers, for administrators who may list them (admin.users). Without that
// permission the filter is not offered at all.
import { session } from '$lib/data/session.svelte.ts';
import { fetchAccounts, type AuditAccount } from './audit-api.ts';

export class AuditAccounts {
  list = $state.raw<AuditAccount[]>([]);
  status = $state<'unavailable' | 'loading' | 'ready' | 'error'>(session.can('admin.users') ? 'loading' : 'unavailable');

  async load(): Promise<void> {
    if (!session.can('admin.users')) {
      this.status = 'unavailable';
      return;
    }
    this.status = 'loading';
    try {
      this.list = await fetchAccounts();
      this.status = 'ready';
    } catch (error) {
      console.warn('could not load the accounts for the user filter', error);
      this.status = 'error';
    }
  }
}
