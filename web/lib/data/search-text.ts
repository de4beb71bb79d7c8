// Search without caring about case, accents or ß: "muller" finds "Müller", "strasse" finds "Straße".
// Rows store their normalised search text once; queries are normalised the same way.

export function normaliseForSearch(text: string): string {
  return text
    .toLocaleLowerCase('de')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The search text of a row from its searchable parts. */
export function searchTextOf(parts: readonly string[]): string {
  return normaliseForSearch(parts.filter(Boolean).join(' '));
}

/** Every word of the query occurs somewhere in the row's search text. */
export function matchesQuery(searchText: string, query: string): boolean {
  const words = normaliseForSearch(query).split(' ').filter(Boolean);
  return words.every((word) => searchText.includes(word));
}
