// English messages for Administration › Roles. Typed against the German ones.
import type { Translation } from './catalogue.ts';
import type { adminRolesDe } from './admin-roles.de.ts';

export const adminRolesEn = {
} satisfies Translation<typeof adminRolesDe>;
