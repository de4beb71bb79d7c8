// The signed-in user as the server describes it (`GET /api/auth/me`), validated before the app trusts it.
import { z } from 'zod';

export const sessionUserSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  // Remembered users from before role names were sent have none; the next check with the server adds them.
  roleNames: z.array(z.string()).default([]),
  permissions: z.array(z.string()),
  employeeId: z.string().nullable(),
});

export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionResponseSchema = z.object({ user: sessionUserSchema });
