// Describes what a colleague is doing from their presence ("sieht Max Mustermann an").
import type { Peer } from '$lib/data/presence.svelte.ts';
import { t } from '$lib/i18n/translate.ts';

export function presenceActivity(peer: Pick<Peer, 'viewing' | 'editing'>, employeeName: (id: string) => string | undefined): string {
  const viewing = peer.viewing ?? '';
  if (viewing === '/') return t('dashboard.presenceDashboard');
  if (viewing === '/employees') return t('dashboard.presenceEmployees');
  if (viewing === '/departments') return t('dashboard.presenceDepartments');
  const employee = /^\/employees\/([^/]+)$/.exec(viewing);
  if (employee) {
    const name = employeeName(decodeURIComponent(employee[1]!)) || t('employees.unnamed');
    return peer.editing ? t('dashboard.presenceEditing', { name }) : t('dashboard.presenceEmployee', { name });
  }
  return t('dashboard.presenceElsewhere');
}
