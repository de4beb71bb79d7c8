// Screens anyone may open without a session; they render without the app shell.
export const publicPaths: ReadonlySet<string> = new Set(['/login', '/set-password']);
