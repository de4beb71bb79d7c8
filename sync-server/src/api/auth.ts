// Sign-in, sign-out and "who am I". Wrong email and wrong password get the same answer in the same time.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type pg from 'pg';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { SESSION_COOKIE, createSession, deleteSession, userForSession } from '../auth/sessions.ts';
import { findLoginByEmail, findUserById } from '../auth/users.ts';
import { AppError, readBody, unauthorized } from './errors.ts';

const loginBody = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1000),
});

type Deps = { db: pg.Pool; config: Config; log: Logger };

export function authRoutes({ db, config, log }: Deps) {
  const secureCookie = (url: string) => (config.publicOrigin ?? url).startsWith('https:');

  return new Hono()
    .post('/login', async (c) => {
      const { email, password } = await readBody(c, loginBody);
      const login = await findLoginByEmail(db, email);
      const ok = login ? await verifyPassword(login.passwordHash, password) : await verifyAgainstDummy(password);
      if (!login || !ok) {
        log.info('sign-in failed', { email: email.slice(0, 320) });
        throw new AppError(401, 'invalid_credentials', 'Email or password is wrong. Check both and try again.');
      }
      const user = await findUserById(db, login.id);
      if (!user) throw new AppError(401, 'invalid_credentials', 'Email or password is wrong. Check both and try again.');
      const sessionId = await createSession(db, user.id, config.sessionTtlMs, c.req.header('user-agent') ?? '');
      setCookie(c, SESSION_COOKIE, sessionId, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: secureCookie(c.req.url),
        path: '/',
        maxAge: Math.floor(config.sessionTtlMs / 1000),
      });
      log.info('signed in', { user: user.id });
      return c.json({ user });
    })
    .post('/logout', async (c) => {
      await deleteSession(db, getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', async (c) => {
      const user = await userForSession(db, getCookie(c, SESSION_COOKIE), config.sessionTtlMs);
      if (!user) throw unauthorized();
      return c.json({ user });
    });
}
