// How an account's facts read on screen: the linked person (from the directory on this device), when it
// was last active, and its open sessions — in the current language.
import { session } from '$lib/data/session.svelte.ts';
import { orgDirectory } from '$lib/features/org/org-directory.svelte.ts';
import { formatDateTime, formatRelativeTime } from '$lib/i18n/format.ts';
import { t } from '$lib/i18n/translate.ts';
import type { Account } from './admin-users-api.ts';

export type LinkedPerson =
  | { kind: 'none' | 'hidden' | 'missing' | 'loading'; label: string }
  | { kind: 'person'; label: string; href: string };

export function linkedPerson(account: Account): LinkedPerson {
  const id = account.employeeId;
  if (!id) return { kind: 'none', label: t('adminUsers.notLinked') };
  if (!session.can('org.read')) return { kind: 'hidden', label: t('adminUsers.employeeHidden') };
  if (!orgDirectory.loaded) return { kind: 'loading', label: t('common.loading') };
  const name = orgDirectory.employeeNames.get(id);
  if (name === undefined) return { kind: 'missing', label: t('adminUsers.employeeMissing') };
  return { kind: 'person', label: name || t('employees.unnamed'), href: `/employees/${id}` };
}

/** "vor 5 Minuten", or that no session is open; `title` carries the exact moment. */
export function lastSeen(account: Account, now: number): { label: string; title?: string } {
  if (!account.lastSeenAt) return { label: t('adminUsers.neverSeen') };
  return { label: formatRelativeTime(account.lastSeenAt, now), title: formatDateTime(account.lastSeenAt) };
}

export function sessionsLabel(count: number): string {
  return count === 0 ? t('adminUsers.noSessions') : t('adminUsers.sessions', { count });
}
