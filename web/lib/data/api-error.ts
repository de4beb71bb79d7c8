// Talking to the REST API: one request function, and one error type that carries the server's code,
// message and field errors, or says that the network was the problem. A 401 from any request but a
// sign-in tells the session: expired (keep working, sign in again) or revoked (go to sign-in).
import { session } from './session.svelte.ts';
export type ApiErrorBody = { error?: { code?: unknown; message?: unknown; fields?: unknown } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The request never reached the server (offline, DNS, server down). */
  get isNetwork(): boolean {
    return this.status === 0;
  }

  static network(cause: unknown): ApiError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new ApiError(0, 'network', `The server could not be reached (${detail}). Check the connection and try again.`);
  }
}

/** Requests whose 401 means "wrong credentials or link", not "your session ended". */
const signInPaths = new Set(['/api/auth/login', '/api/auth/set-password', '/api/auth/logout']);

/** Sends a JSON request to `/api/…`; resolves with the parsed JSON body (undefined for 204). */
export async function apiRequest<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    throw ApiError.network(error);
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as T;
  const error = errorFrom(response.status, body);
  if (error.status === 401 && !signInPaths.has(path)) {
    if (error.code === 'session_revoked') session.markRevoked();
    else session.markExpired();
  }
  throw error;
}

function errorFrom(status: number, body: unknown): ApiError {
  const error = (body as ApiErrorBody | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `The server answered ${status}. Try again later.`;
  const fields = isFieldErrors(error?.fields) ? error.fields : {};
  return new ApiError(status, code, message, fields);
}

function isFieldErrors(value: unknown): value is Record<string, string[]> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => Array.isArray(v));
}
