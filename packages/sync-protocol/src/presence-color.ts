// A user's presence colour: the same on every device and on the server, which stamps it into every
// awareness state (sync-server/src/sync/awareness-identity.ts) so a colleague's cursor colour matches
// their avatar everywhere.

/** Colours with enough contrast for white initials and a 2px outline on white. */
const palette = ['#1f6feb', '#b35900', '#2f855a', '#9b2c9b', '#c53030', '#2c7a7b', '#6b46c1', '#975a16', '#2b6cb0', '#b83280'];

/** A stable colour per user (or record) id. */
export function userColor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (Math.imul(hash, 31) + id.charCodeAt(i)) | 0;
  return palette[Math.abs(hash) % palette.length]!;
}
