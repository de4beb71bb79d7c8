import { describe, expect, it } from 'vitest';
import { auditFilterQuery, isCalendarDay, isFiltering, readAuditFilter } from './audit-filter.ts';

const userId = '0b7c52f4-6a43-4d6e-9a3f-2f3e0c1d9a10';
const read = (query: string) => readAuditFilter(new URLSearchParams(query));

describe('readAuditFilter', () => {
  it('reads every filter from the query string', () =>
    expect(read(`user=${userId}&doc=org&from=2026-03-01&to=2026-03-31`)).toEqual({
      filter: { user: userId, doc: 'org', from: '2026-03-01', to: '2026-03-31' },
      problems: [],
    }));
  it('treats empty parameters as no filter', () => expect(read('user=&doc=%20&from=')).toEqual({ filter: {}, problems: [] }));
  it('ignores parameters it does not know', () => expect(read('page=2&sort=asc')).toEqual({ filter: {}, problems: [] }));
  it('reports a user that is not a user id and keeps the rest', () =>
    expect(read('user=anna&doc=org')).toEqual({ filter: { doc: 'org' }, problems: [{ param: 'user', code: 'not_a_user_id', value: 'anna' }] }));
  it('reports dates that are not calendar days', () =>
    expect(read('from=01.03.2026&to=2026-02-30').problems).toEqual([
      { param: 'from', code: 'not_a_date', value: '01.03.2026' },
      { param: 'to', code: 'not_a_date', value: '2026-02-30' },
    ]));
  it('reports a period that ends before it starts and drops its end', () =>
    expect(read('from=2026-03-10&to=2026-03-01')).toEqual({
      filter: { from: '2026-03-10' },
      problems: [{ param: 'to', code: 'ends_before_start', value: '2026-03-01' }],
    }));
  it('accepts a period of one day', () => expect(read('from=2026-03-10&to=2026-03-10').problems).toEqual([]));
  it('reports a doc name longer than the server accepts', () => expect(read(`doc=${'x'.repeat(201)}`).problems[0]?.code).toBe('doc_too_long'));
});

describe('auditFilterQuery', () => {
  it('writes the filters in a stable order and leaves out empty ones', () =>
    expect(auditFilterQuery({ to: '2026-03-31', doc: 'profile/abc', user: userId, from: undefined })).toBe(`user=${userId}&doc=profile%2Fabc&to=2026-03-31`));
  it('is empty without filters', () => expect(auditFilterQuery({})).toBe(''));
  it('round-trips through readAuditFilter', () => {
    const filter = { user: userId, doc: 'org', from: '2026-01-01', to: '2026-12-31' };
    expect(read(auditFilterQuery(filter)).filter).toEqual(filter);
  });
});

describe('isCalendarDay', () => {
  it('accepts a leap day only in a leap year', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
  });
});

describe('isFiltering', () => {
  it('is false without filters and true with any', () => {
    expect(isFiltering({})).toBe(false);
    expect(isFiltering({ from: '2026-01-01' })).toBe(true);
  });
});
