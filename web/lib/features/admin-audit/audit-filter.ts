// The audit log's filters as they live in the page's URL (`?user=…&doc=…&from=…&to=…`), so a filtered
// view can be shared and survives a reload. Read strictly: a parameter the server would refuse is
// reported, with what was wrong, instead of being sent.

export type AuditFilter = {
  /** A user's id: entries they did or that concern their account. */
  user?: string;
  /** A doc name or the start of one (`org`, `profile`, `profile/<employee id>`). */
  doc?: string;
  /** First calendar day included, YYYY-MM-DD. */
  from?: string;
  /** Last calendar day included, YYYY-MM-DD. */
  to?: string;
};

export const auditFilterParams = ['user', 'doc', 'from', 'to'] as const;
export type AuditFilterParam = (typeof auditFilterParams)[number];

export type AuditFilterProblem = {
  param: AuditFilterParam;
  code: 'not_a_user_id' | 'doc_too_long' | 'not_a_date' | 'ends_before_start';
  value: string;
};

/** The longest doc name the server accepts. */
export const DOC_FILTER_MAX_LENGTH = 200;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a real calendar day written as YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The valid filters of a query string, and a problem for each parameter that is not valid. */
export function readAuditFilter(params: URLSearchParams): { filter: AuditFilter; problems: AuditFilterProblem[] } {
  const filter: AuditFilter = {};
  const problems: AuditFilterProblem[] = [];
  const value = (param: AuditFilterParam) => params.get(param)?.trim() ?? '';

  const user = value('user');
  if (user !== '') {
    if (uuid.test(user)) filter.user = user.toLowerCase();
    else problems.push({ param: 'user', code: 'not_a_user_id', value: user });
  }
  const doc = value('doc');
  if (doc !== '') {
    if (doc.length <= DOC_FILTER_MAX_LENGTH) filter.doc = doc;
    else problems.push({ param: 'doc', code: 'doc_too_long', value: `${doc.slice(0, 40)}…` });
  }
  for (const param of ['from', 'to'] as const) {
    const day = value(param);
    if (day === '') continue;
    if (isCalendarDay(day)) filter[param] = day;
    else problems.push({ param, code: 'not_a_date', value: day });
  }
  if (filter.from && filter.to && filter.to < filter.from) {
    problems.push({ param: 'to', code: 'ends_before_start', value: filter.to });
    delete filter.to;
  }
  return { filter, problems };
}

/** The filter as a query string without `?` ('' when nothing is filtered), in a stable order. */
export function auditFilterQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const param of auditFilterParams) {
    const value = filter[param];
    if (value) params.set(param, value);
  }
  return params.toString();
}

export function isFiltering(filter: AuditFilter): boolean {
  return auditFilterParams.some((param) => !!filter[param]);
}
