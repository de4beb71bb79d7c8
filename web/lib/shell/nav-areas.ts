// The areas of the app the dock offers, each shown only to users whose permissions allow it.
import type { IconName } from '$lib/ui/icons.ts';
import type { MessageKey } from '$lib/i18n/translate.ts';

export type NavArea = { href: string; label: MessageKey; icon: IconName; permission: string | null; testId: string };

export const navAreas: readonly NavArea[] = [
  { href: '/', label: 'nav.dashboard', icon: 'dashboard', permission: null, testId: 'nav-dashboard' },
  { href: '/employees', label: 'nav.employees', icon: 'users', permission: 'org.read', testId: 'nav-employees' },
  { href: '/departments', label: 'nav.departments', icon: 'building', permission: 'org.read', testId: 'nav-departments' },
];

/** Whether `pathname` is inside the area (the dashboard only matches itself). */
export function isInArea(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(href + '/');
}
