// Sign-in, sign-out, "who am I", and setting a password through a one-time link. Wrong email and wrong
// password get the same answer in the same time; failed attempts are limited per account and per IP.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { describePasswordProblems, passwordProblems } from '@workmate/domain/access';
import { recordAudit, recordThrottledSignIn } from '../audit/audit-log.ts';
import { waitText } from '../auth/login-throttle.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { consumePasswordToken } from '../auth/password-tokens.ts';
import { SESSION_COOKIE, createSession, endAllSessions, endSession } from '../auth/sessions.ts';
import { findLoginByEmail, findUserById, setPasswordHash } from '../auth/users.ts';
import { inTransaction } from '../db/pool.ts';
import type { EndpointHandlers } from './endpoint-router.ts';
import { AppError, readBody } from './errors.ts';
import { clientIp, sessionOf, type ApiDeps } from './request-context.ts';

const loginBody = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1000),
});

const setPasswordBody = z.object({
  token: z.string().min(1).max(100),
  password: z.string().min(1, 'Enter a password.').max(1000),
});

const wrongCredentials = () => new AppError(401, 'invalid_credentials', 'Email or password is wrong. Check both and try again.');

type AuthKeys = 'POST /api/auth/login' | 'POST /api/auth/logout' | 'GET /api/auth/me' | 'POST /api/auth/set-password';

export function authHandlers(deps: ApiDeps): Pick<EndpointHandlers, AuthKeys> {
  const { db, config, log, throttle, access } = deps;

  /** Starts a session for `userId` and sets its cookie (HttpOnly, SameSite=Lax, Secure behind https). */
  const startSession = async (c: Context, userId: string) => {
    const sessionId = await createSession(db, userId, config.sessionTtlMs, c.req.header('user-agent') ?? '');
    setCookie(c, SESSION_COOKIE, sessionId, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: (config.publicOrigin ?? c.req.url).startsWith('https:'),
      path: '/',
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });
  };

  return {
    'POST /api/auth/login': async (c) => {
      const { email, password } = await readBody(c, loginBody);
      const ip = clientIp(c, config.trustProxy);
      // Reserved before the password is checked, so concurrent guesses cannot all pass a limit none has reached yet.
      const reservation = await throttle.reserve(email, ip);
      if (!reservation.granted) {
        const wait = reservation.retryAfterSeconds;
        if (!(await recordThrottledSignIn(db, ip, email.slice(0, 320)))) {
          c.get('log').warn('throttled sign-in not audited: this address filled its audit rows for the minute', { ip });
        }
        throw new AppError(
          429,
          'too_many_attempts',
          `Too many failed sign-ins. Wait ${waitText(wait)} and try again, or ask an administrator to reset your password.`,
          undefined,
          { 'Retry-After': String(wait) },
        );
      }
      const login = await findLoginByEmail(db, email);
      const ok = login ? await verifyPassword(login.passwordHash, password) : await verifyAgainstDummy(password);
      const user = ok && login ? await findUserById(db, login.id) : null;
      if (!user) {
        await throttle.failed(reservation.attempt);
        await recordAudit(db, { kind: 'sign_in_failed', subjectId: login?.id ?? null, ip, details: { email: email.slice(0, 320) } });
        log.info('sign-in failed', { ip });
        throw wrongCredentials();
      }
      await throttle.succeeded(reservation.attempt);
      await startSession(c, user.id);
      await recordAudit(db, { kind: 'sign_in', actorId: user.id, ip });
      return c.json({ user });
    },

    'POST /api/auth/logout': async (c) => {
      const ended = await endSession(db, getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      if (ended) {
        access.sessionsEnded(ended.userId, { only: [ended.sessionId] });
        await recordAudit(db, { kind: 'sign_out', actorId: ended.userId, ip: clientIp(c, config.trustProxy) });
      }
      return c.body(null, 204);
    },

    'GET /api/auth/me': (c) => c.json({ user: sessionOf(c).user }),

    'POST /api/auth/set-password': async (c) => {
      const { token, password } = await readBody(c, setPasswordBody);
      const ip = clientIp(c, config.trustProxy);
      const userId = await inTransaction(db, async (client) => {
        const id = await consumePasswordToken(client, token);
        if (!id) return null;
        const user = await findUserById(client, id);
        const problems = passwordProblems(password, user?.email ?? '');
        if (problems.length > 0) throw new AppError(400, 'weak_password', describePasswordProblems(problems), { password: problems });
        await setPasswordHash(client, id, await hashPassword(password));
        await endAllSessions(client, id);
        await recordAudit(client, { kind: 'password_changed', actorId: id, subjectId: id, ip, details: { via: 'link' } });
        return id;
      });
      if (!userId) throw new AppError(400, 'invalid_token', 'This link is invalid, already used or expired. Ask an administrator for a new one.');
      access.sessionsEnded(userId, { allExcept: null });
      await startSession(c, userId);
      return c.json({ user: await findUserById(db, userId) });
    },
  };
}
