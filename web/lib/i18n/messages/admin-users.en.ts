// English messages for Administration › Users. Typed against the German ones.
import type { Translation } from './catalogue.ts';
import type { adminUsersDe } from './admin-users.de.ts';

export const adminUsersEn = {
} satisfies Translation<typeof adminUsersDe>;
