// German messages for Verwaltung › Benutzer. Spread into de.ts.
export const adminUsersDe = {
} as const;
