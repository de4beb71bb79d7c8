// English messages for Administration › Audit log. Typed against the German ones.
import type { Translation } from './catalogue.ts';
import type { adminAuditDe } from './admin-audit.de.ts';

export const adminAuditEn = {
} satisfies Translation<typeof adminAuditDe>;
