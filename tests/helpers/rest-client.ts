// A JSON client for the REST API in integration tests: one call per request, the answer's body parsed and its
// error (code, message, field errors) lifted out, the session cookie passed by hand.
import { createHash } from 'node:crypto';
import type { AccountRow, SessionUser } from '../../sync-server/src/auth/users.ts';
import type { RoleRow } from '../../sync-server/src/auth/roles.ts';
import type { SessionInfo } from '../../sync-server/src/auth/sessions.ts';
import type { AuditEntry } from '../../sync-server/src/audit/audit-log.ts';

export type { AccountRow, AuditEntry, RoleRow, SessionInfo, SessionUser };

export type ApiError = { code: string; message: string; fields?: Record<string, string[]> };

export type ApiAnswer<T> = {
  status: number;
  headers: Headers;
  /** The parsed JSON body (null for an empty one). */
  body: T;
  /** The `error` of an error answer, else undefined. */
  error: ApiError | undefined;
  /** The `wm_session=<value>` pair the answer sets, else null. */
  sessionCookie: string | null;
};

export type ApiRequest = { cookie?: string; body?: unknown; headers?: Record<string, string> };

export type ApiCall = <T = unknown>(method: string, path: string, request?: ApiRequest) => Promise<ApiAnswer<T>>;

export function restClient(baseUrl: string): ApiCall {
  return async <T>(method: string, path: string, { cookie, body, headers = {} }: ApiRequest = {}) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    const error = (parsed as { error?: ApiError } | null)?.error;
    return { status: res.status, headers: res.headers, body: parsed as T, error, sessionCookie: sessionCookieOf(res.headers) };
  };
}

/** The `wm_session=<value>` pair of a Set-Cookie header, or null (also for the cookie that deletes it). */
export function sessionCookieOf(headers: Headers): string | null {
  for (const cookie of headers.getSetCookie()) {
    const pair = cookie.split(';')[0]!;
    if (pair.startsWith('wm_session=') && pair !== 'wm_session=') return pair;
  }
  return null;
}

/** The public id of a session (what /api/account/sessions lists): the SHA-256 of the cookie's value, hex. */
export function sessionIdOf(cookie: string): string {
  return createHash('sha256').update(cookie.slice('wm_session='.length)).digest('hex');
}
