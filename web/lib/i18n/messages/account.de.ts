// German messages for Mein Konto: password change, sessions, own data. Spread into de.ts.
export const accountDe = {
} as const;
