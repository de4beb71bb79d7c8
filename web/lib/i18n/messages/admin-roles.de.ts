// German messages for Verwaltung › Rollen, and the German labels of every permission. Spread into de.ts.
export const adminRolesDe = {
} as const;
