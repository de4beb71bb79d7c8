// Cross-site request refusal. A browser sends `Origin` with every state-changing request and every
// websocket upgrade; it must be our own origin — the configured PUBLIC_ORIGIN, or else the host the
// request was sent to — so a page on another site cannot drive the API with the user's cookie.

/** True when the request may proceed. Requests without Origin (non-browser clients) pass. */
export function originAllowed(origin: string | undefined, host: string | undefined, publicOrigin: string | undefined): boolean {
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (publicOrigin) return parsed.origin === new URL(publicOrigin).origin;
  return host !== undefined && parsed.host === host.toLowerCase();
}
