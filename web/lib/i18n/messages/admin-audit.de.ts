// German messages for Verwaltung › Audit-Log. Spread into de.ts.
export const adminAuditDe = {
} as const;
