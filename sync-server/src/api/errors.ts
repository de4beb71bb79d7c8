// Every API error is an AppError with a code, a message that says what to do, and an HTTP status.
// The app maps them to `{ error: { code, message, fields? } }` in one place (app.ts).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { jsonValueProblem } from './json-body.ts';

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string[]>,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const unauthorized = () => new AppError(401, 'unauthorized', 'Not signed in: sign in and try again.');

export const sessionRevoked = () =>
  new AppError(401, 'session_revoked', 'You were signed out on the server (by you elsewhere or by an administrator). Sign in again.');

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} does not exist (any more). Reload the list and try again.`);

/** Validates URL parameters or the query string with a zod schema, like readBody does for bodies. */
export function readInput<T extends z.ZodType>(input: unknown, schema: T): z.infer<T> {
  const problem = jsonValueProblem(input);
  if (problem) throw new AppError(400, 'invalid_parameters', problem);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error, 'invalid_parameters', 'Some parameters in the address are invalid: correct them and try again.');
  return parsed.data;
}

function invalid(error: z.ZodError, code: string, message: string): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    (fields[key] ??= []).push(issue.message);
  }
  return new AppError(400, code, message, fields);
}

/** Parses a JSON request body with a zod schema; a bad body is a 400 listing each field's problem. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError(400, 'invalid_body', 'The request body must be JSON, sent with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError(400, 'invalid_body', 'The request body must be JSON.');
  }
  const problem = jsonValueProblem(body);
  if (problem) throw new AppError(400, 'invalid_body', problem);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error, 'invalid_body', 'Some fields are missing or invalid: correct them and send again.');
  return parsed.data;
}

export function errorResponse(c: Context, error: AppError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } }, error.status);
}
