// Table and sequence names in SQL text, quoted so any name the catalog returns is read as that name.
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
