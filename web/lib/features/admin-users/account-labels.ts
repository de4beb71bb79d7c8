// How an account's facts read on screen: the linked person (from the directory on this device), when it
// was last active, its open sessions, and why the signed-in administrator may not manage it — in the
// current language.
import { session } from '$lib/data/session.svelte.ts';
import { orgDirectory } from '$lib/features/org/org-directory.svelte.ts';
import { formatDateTime, formatRelativeTime } from '$lib/i18n/format.ts';
import { t } from '$lib/i18n/translate.ts';
import { accountLock, lockMessage } from './account-limits.ts';
import { accountList } from './account-list.svelte.ts';
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

/** Why the signed-in administrator may not edit, reset, sign out or deactivate the account; null when they may. */
export function accountLockLabel(account: Account): string | null {
  const refusal = session.user ? accountLock(session.user, account, accountList.roles) : null;
  return refusal ? t(lockMessage(refusal)) : null;
}
