// A reason the server cannot start that the operator can fix (a service it needs is unreachable): main.ts
// prints the message alone — it says what to do — and exits, instead of a stack trace.
export class StartupError extends Error {}
