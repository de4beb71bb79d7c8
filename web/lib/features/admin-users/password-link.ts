// Using a one-time set-password link: the server sets the password, ends the account's other sessions and
// signs this browser in. Then the app takes the user on like a sign-in (see signIn in data/sign-in.ts):
// another person's data leaves the device first, and every open doc connects again.
import { apiRequest, ApiError } from '$lib/data/api-error.ts';
import { resumeSync } from '$lib/data/doc-registry.ts';
import { wipeLocalData } from '$lib/data/local-data.ts';
import { session } from '$lib/data/session.svelte.ts';
import { sessionResponseSchema, type SessionUser } from '$lib/data/session-user.ts';

export async function setPasswordWithLink(token: string, password: string): Promise<SessionUser> {
  const body = await apiRequest<unknown>('/api/auth/set-password', { method: 'POST', body: { token, password } });
  const parsed = sessionResponseSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, 'bad_response', 'The server sent an unexpected answer. Reload the page and try again.');
  const user = parsed.data.user;
  await session.restore();
  if (session.user && session.user.id !== user.id) {
    await wipeLocalData();
    session.forget();
  }
  await session.accept(user);
  resumeSync();
  return user;
}
