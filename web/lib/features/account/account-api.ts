// The own account's REST calls: the signed-in devices (sessions), ending one, and changing the password.
import { z } from 'zod';
import { apiRequest, ApiError } from '$lib/data/api-error.ts';

const accountSessionSchema = z.object({
  /** Public id of the session (SHA-256 of the cookie, hex). */
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  userAgent: z.string(),
  /** The session of this browser. */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;

const sessionsResponseSchema = z.object({ sessions: z.array(accountSessionSchema) });

export async function fetchSessions(): Promise<AccountSession[]> {
  const parsed = sessionsResponseSchema.safeParse(await apiRequest('/api/account/sessions'));
  if (!parsed.success) throw new ApiError(502, 'bad_response', 'The server sent an unexpected list of sessions. Reload the page and try again.');
  return parsed.data.sessions;
}

/** Ends one of the own sessions; false when it had already ended. */
export async function endSession(id: string): Promise<boolean> {
  try {
    await apiRequest(`/api/account/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}

const endedSchema = z.object({ ended: z.number().int().min(0) });

/** Ends every session of the user except this browser's; resolves with how many were open. */
export async function endOtherSessions(): Promise<number> {
  const parsed = endedSchema.safeParse(await apiRequest('/api/account/sessions?except=current', { method: 'DELETE' }));
  return parsed.success ? parsed.data.ended : 0;
}

/** Changes the password; the server signs out every other session of the user. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await apiRequest('/api/account/password', { method: 'POST', body: { currentPassword, newPassword } });
}
