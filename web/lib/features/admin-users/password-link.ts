// Using a one-time set-password link: the server sets the password, ends the account's other sessions and
// signs this browser in; the app then takes the user on exactly like after a sign-in.
import { apiRequest } from '$lib/data/api-error.ts';
import type { SessionUser } from '$lib/data/session-user.ts';
import { takeOver } from '$lib/data/sign-in.ts';

export async function setPasswordWithLink(token: string, password: string): Promise<SessionUser> {
  return takeOver(await apiRequest<unknown>('/api/auth/set-password', { method: 'POST', body: { token, password } }));
}
