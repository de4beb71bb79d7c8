// The audit log for administrators: security events and doc changes, filtered by user, doc and period,
// paged newest first, and exported as CSV.
import { z } from 'zod';
import { auditCsv } from '../audit/audit-csv.ts';
import { queryAudit, type AuditFilter } from '../audit/audit-log.ts';
import type { EndpointHandlers } from './endpoint-router.ts';
import { AppError, readInput } from './errors.ts';
import type { ApiDeps } from './request-context.ts';

const PAGE_SIZE = 100;
const CSV_MAX_ROWS = 50_000;

/** A calendar day that exists ("2026-02-30" does not). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((d) => {
    const date = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(d);
  }, 'no such day');
const cursorTime = (t: string) => !Number.isNaN(Date.parse(t)) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(t);
const query = z.object({
  user: z.uuid('not a user id').optional(),
  doc: z.string().min(1).max(200).optional(),
  /** First day included (UTC). */
  from: day.optional(),
  /** Last day included (UTC). */
  to: day.optional(),
  /** Cursor from the previous page: `<ISO time>|<entry id>`. */
  before: z
    .string()
    .regex(/^[0-9T:.\-Z]+\|[ed]\d+$/, 'not a page cursor')
    .refine((c) => cursorTime(c.split('|')[0]!), 'not a page cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(PAGE_SIZE),
});

function filterFrom(input: z.infer<typeof query>, limit: number): AuditFilter {
  const from = input.from ? new Date(`${input.from}T00:00:00Z`) : undefined;
  const to = input.to ? new Date(Date.parse(`${input.to}T00:00:00Z`) + 24 * 3600 * 1000) : undefined;
  if (from && to && from >= to) throw new AppError(400, 'invalid_parameters', 'The period ends before it starts: swap the dates.', { to: ['before from'] });
  const [at, id] = input.before?.split('|') ?? [];
  return { userId: input.user, doc: input.doc, from, to, limit, before: at && id ? { at, id } : undefined };
}

export function adminAuditHandlers({ db }: ApiDeps): Pick<EndpointHandlers, 'GET /api/admin/audit' | 'GET /api/admin/audit.csv'> {
  return {
    'GET /api/admin/audit': async (c) => {
      const input = readInput(c.req.query(), query);
      const entries = await queryAudit(db, filterFrom(input, input.limit + 1));
      const page = entries.slice(0, input.limit);
      const last = page.at(-1);
      return c.json({ entries: page, next: entries.length > input.limit && last ? `${last.at}|${last.id}` : null });
    },

    'GET /api/admin/audit.csv': async (c) => {
      const input = readInput(c.req.query(), query);
      const entries = await queryAudit(db, filterFrom(input, CSV_MAX_ROWS));
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`);
      return c.body(auditCsv(entries));
    },
  };
}
