import { describe, expect, it } from 'vitest';
import { matchesQuery, searchTextOf } from './search-text.ts';

describe('matchesQuery', () => {
  const row = searchTextOf(['Jürgen', 'Weiß', 'MA-0012', 'juergen@muster-gmbh.de', 'Außendienst']);

  it('ignores case and accents', () => expect(matchesQuery(row, 'JURGEN')).toBe(true));
  it('reads ß as ss', () => expect(matchesQuery(row, 'weiss')).toBe(true));
  it('needs every word of the query, in any order', () => {
    expect(matchesQuery(row, 'aussendienst jürgen')).toBe(true);
    expect(matchesQuery(row, 'jürgen vertrieb')).toBe(false);
  });
  it('matches everything for an empty query', () => expect(matchesQuery(row, '   ')).toBe(true));
  it('finds the employee number', () => expect(matchesQuery(row, 'ma-0012')).toBe(true));
});
