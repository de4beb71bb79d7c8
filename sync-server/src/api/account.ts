// The signed-in user's own account: their sessions (devices) and their password.
import { z } from 'zod';
import { describePasswordProblems, passwordProblems } from '@workmate/domain/access';
import { recordAudit } from '../audit/audit-log.ts';
import { waitText } from '../auth/login-throttle.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { endAllSessions, endUserSession, listSessions } from '../auth/sessions.ts';
import { passwordHashOf, setPasswordHash } from '../auth/users.ts';
import type { EndpointHandlers } from './endpoint-router.ts';
import { AppError, notFound, readBody, readInput } from './errors.ts';
import { clientIp, sessionOf, type ApiDeps } from './request-context.ts';

const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(1000),
  newPassword: z.string().min(1, 'Enter a new password.').max(1000),
});

const endOthersQuery = z.object({ except: z.literal('current', "say except=current: every session but this one ends") });

const sessionParam = z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'not a session id') });

type AccountKeys =
  | 'GET /api/account/sessions'
  | 'DELETE /api/account/sessions/:id'
  | 'DELETE /api/account/sessions'
  | 'POST /api/account/password';

export function accountHandlers({ db, config, access, throttle }: ApiDeps): Pick<EndpointHandlers, AccountKeys> {
  return {
    'GET /api/account/sessions': async (c) => {
      const { user, sessionId } = sessionOf(c);
      const sessions = await listSessions(db, user.id);
      return c.json({ sessions: sessions.map((s) => ({ ...s, current: s.id === sessionId })) });
    },

    'DELETE /api/account/sessions/:id': async (c) => {
      const { user } = sessionOf(c);
      const { id } = readInput(c.req.param(), sessionParam);
      if (!(await endUserSession(db, user.id, id))) throw notFound('This session');
      access.sessionsEnded(user.id, { only: [id] });
      await recordAudit(db, { kind: 'session_revoked', actorId: user.id, subjectId: user.id, ip: clientIp(c, config.trustProxy) });
      return c.body(null, 204);
    },

    'DELETE /api/account/sessions': async (c) => {
      const { user, sessionId } = sessionOf(c);
      // Says explicitly which sessions go, so an accidental bare DELETE ends nothing.
      readInput(c.req.query(), endOthersQuery);
      const ended = await endAllSessions(db, user.id, sessionId);
      access.sessionsEnded(user.id, { allExcept: sessionId });
      await recordAudit(db, { kind: 'sessions_revoked', actorId: user.id, subjectId: user.id, ip: clientIp(c, config.trustProxy), details: { sessions: ended } });
      return c.json({ ended });
    },

    'POST /api/account/password': async (c) => {
      const { user, sessionId } = sessionOf(c);
      const { currentPassword, newPassword } = await readBody(c, changePasswordBody);
      const ip = clientIp(c, config.trustProxy);
      // Guessing the current password with a stolen session is throttled like guessing at sign-in, and
      // reserved before the check in the same way.
      const reservation = await throttle.reserve(user.email, ip);
      if (!reservation.granted) {
        const wait = reservation.retryAfterSeconds;
        throw new AppError(429, 'too_many_attempts', `Too many wrong passwords. Wait ${waitText(wait)} and try again.`, undefined, {
          'Retry-After': String(wait),
        });
      }
      const hash = await passwordHashOf(db, user.id);
      if (!hash || !(await verifyPassword(hash, currentPassword))) {
        await throttle.failed(reservation.attempt);
        throw new AppError(400, 'wrong_password', 'The current password is wrong. Enter it again.', { currentPassword: ['wrong'] });
      }
      await throttle.succeeded(reservation.attempt);
      const problems = passwordProblems(newPassword, user.email);
      if (problems.length > 0) throw new AppError(400, 'weak_password', describePasswordProblems(problems), { newPassword: problems });
      await setPasswordHash(db, user.id, await hashPassword(newPassword));
      // Other devices must sign in with the new password; this one stays signed in.
      await endAllSessions(db, user.id, sessionId);
      access.sessionsEnded(user.id, { allExcept: sessionId });
      await recordAudit(db, { kind: 'password_changed', actorId: user.id, subjectId: user.id, ip });
      return c.body(null, 204);
    },
  };
}
