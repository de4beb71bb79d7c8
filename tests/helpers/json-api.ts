// JSON requests against the REST API for integration tests: one call per request, with the session cookie
// passed by hand (or none), answering the status, the parsed body and the error code of an error answer.
// Node's fetch sends no Origin header, which the server accepts for state-changing requests.

export type JsonAnswer<T> = {
  status: number;
  /** The parsed JSON body; null for an empty or non-JSON one (e.g. the audit CSV). */
  body: T;
  /** `error.code` of an error answer, else undefined. */
  errorCode: string | undefined;
};

export type JsonRequest = { cookie?: string | null; body?: unknown };

export type JsonApi = <T = unknown>(method: string, path: string, request?: JsonRequest) => Promise<JsonAnswer<T>>;

export function jsonApi(baseUrl: string): JsonApi {
  return async <T>(method: string, path: string, { cookie, body }: JsonRequest = {}) => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = null;
    if (res.headers.get('content-type')?.includes('application/json') && text !== '') parsed = JSON.parse(text);
    const errorCode = (parsed as { error?: { code?: string } } | null)?.error?.code;
    return { status: res.status, body: parsed as T, errorCode };
  };
}
