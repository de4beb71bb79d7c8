// The areas of the app the dock offers, each shown only to users whose permissions allow it. `main` areas
// are the business screens; `admin` ones are grouped under "Verwaltung" (in the rail on desktop, in the
// account sheet on phones).
import type { IconName } from '$lib/ui/icons.ts';
import type { MessageKey } from '$lib/i18n/translate.ts';

export type NavArea = {
  href: string;
  label: MessageKey;
  icon: IconName;
  /** Any one of these, for at least some records (own ones count); null = everyone signed in. */
  permissions: readonly string[] | null;
  group: 'main' | 'admin';
  testId: string;
};

export const navAreas: readonly NavArea[] = [
  { href: '/', label: 'nav.dashboard', icon: 'dashboard', permissions: null, group: 'main', testId: 'nav-dashboard' },
  { href: '/employees', label: 'nav.employees', icon: 'users', permissions: ['org.read'], group: 'main', testId: 'nav-employees' },
  { href: '/departments', label: 'nav.departments', icon: 'building', permissions: ['org.read'], group: 'main', testId: 'nav-departments' },
  { href: '/admin/users', label: 'nav.adminUsers', icon: 'userCog', permissions: ['admin.users'], group: 'admin', testId: 'nav-admin-users' },
  { href: '/admin/roles', label: 'nav.adminRoles', icon: 'shield', permissions: ['admin.roles', 'admin.users'], group: 'admin', testId: 'nav-admin-roles' },
  { href: '/admin/audit', label: 'nav.adminAudit', icon: 'list', permissions: ['admin.audit'], group: 'admin', testId: 'nav-admin-audit' },
];

/** The account page, for everyone signed in (linked from the user's name and the phone's account sheet). */
export const accountArea = { href: '/account', label: 'nav.myAccount', icon: 'key', testId: 'nav-my-account' } as const satisfies Partial<NavArea>;

/** Whether the signed-in user may use the area (`canSome`: holds a permission for at least some records). */
export function mayUse(area: Pick<NavArea, 'permissions'>, canSome: (permission: string) => boolean): boolean {
  return area.permissions === null || area.permissions.some(canSome);
}

/** Whether `pathname` is inside the area (the dashboard only matches itself). */
export function isInArea(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(href + '/');
}
