// The audit log's REST calls: one page of entries for a filter, the CSV export's address, and the list
// of accounts for the user filter.
import { z } from 'zod';
import { apiRequest, ApiError } from '$lib/data/api-error.ts';
import { auditPageSchema, type AuditPage } from './audit-entry.ts';
import { auditFilterQuery, type AuditFilter } from './audit-filter.ts';

const badResponse = () => new ApiError(502, 'bad_response', 'The server sent an unexpected answer. Reload the page and try again.');

/** One page, newest first; `before` is the `next` cursor of the previous page. */
export async function fetchAuditPage(filter: AuditFilter, before?: string): Promise<AuditPage> {
  const params = new URLSearchParams(auditFilterQuery(filter));
  if (before) params.set('before', before);
  const query = params.toString();
  const parsed = auditPageSchema.safeParse(await apiRequest(`/api/admin/audit${query ? `?${query}` : ''}`));
  if (!parsed.success) throw badResponse();
  return parsed.data;
}

/** The CSV export with the same filters (UTF-8 with BOM, semicolons: opens directly in Excel). */
export function auditCsvHref(filter: AuditFilter): string {
  const query = auditFilterQuery(filter);
  return `/api/admin/audit.csv${query ? `?${query}` : ''}`;
}

const accountSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), active: z.boolean() });
export type AuditAccount = z.infer<typeof accountSchema>;
const accountsResponseSchema = z.object({ users: z.array(accountSchema) });

/** Every account (needs admin.users). */
export async function fetchAccounts(): Promise<AuditAccount[]> {
  const parsed = accountsResponseSchema.safeParse(await apiRequest('/api/admin/users'));
  if (!parsed.success) throw badResponse();
  return parsed.data.users;
}
