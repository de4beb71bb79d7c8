// Managing accounts: list, create (with a password or a one-time set-password link), change name, email,
// roles, linked employee, deactivate/reactivate, reset the password, sign out everywhere. Every change is
// audited, and open sockets follow a change of access at once. Nobody gives roles granting more than they
// hold, changes their own roles, or manages an account that holds more than they do (auth/admin-guard.ts).
import type { Context } from 'hono';
import { z } from 'zod';
import { describePasswordProblems, passwordProblems } from '@workmate/domain/access';
import { recordAudit } from '../audit/audit-log.ts';
import { assertMayAdminister, assertSomeoneCanAdminister } from '../auth/admin-guard.ts';
import { createPasswordToken } from '../auth/password-tokens.ts';
import { hashPassword } from '../auth/passwords.ts';
import { existingRoleKeys, permissionsOfRoles } from '../auth/roles.ts';
import { endAllSessions } from '../auth/sessions.ts';
import {
  accountPermissions,
  emailTaken,
  findAccount,
  insertAccount,
  listAccounts,
  setPasswordHash,
  updateAccount,
  type AccountRow,
  type SessionUser,
} from '../auth/users.ts';
import { inTransaction } from '../db/pool.ts';
import type pg from 'pg';
import type { EndpointHandlers } from './endpoint-router.ts';
import { AppError, notFound, readBody, readInput } from './errors.ts';
import { clientIp, sessionOf, type ApiDeps } from './request-context.ts';

const uuid = z.uuid('not an id');
const idParam = z.object({ id: uuid });
const roleKeys = z.array(z.string().min(1).max(64)).max(20);
const credential = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), password: z.string().min(1, 'Enter a password.').max(1000) }),
  z.object({ kind: z.literal('link') }),
]);

const createBody = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120),
  email: z.email('Enter a valid email address.').max(320),
  roles: roleKeys.min(1, 'Choose at least one role.'),
  employeeId: uuid.nullable(),
  credential,
});

const updateBody = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(120),
    email: z.email('Enter a valid email address.').max(320),
    roles: roleKeys.min(1, 'Choose at least one role.'),
    employeeId: uuid.nullable(),
    active: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.');

type AdminUserKeys =
  | 'GET /api/admin/users'
  | 'POST /api/admin/users'
  | 'PATCH /api/admin/users/:id'
  | 'POST /api/admin/users/:id/password'
  | 'POST /api/admin/users/:id/sign-out';

export function adminUserHandlers({ db, config, access }: ApiDeps): Pick<EndpointHandlers, AdminUserKeys> {
  const linkFor = (c: Context, token: string) => `${config.publicOrigin ?? new URL(c.req.url).origin}/set-password?token=${token}`;

  async function checkRoles(client: pg.PoolClient, roles: readonly string[]) {
    const known = await existingRoleKeys(client, roles);
    const unknown = roles.filter((r) => !known.has(r));
    if (unknown.length > 0) throw new AppError(400, 'unknown_role', `No role ${unknown.join(', ')}: reload the page and choose from the list.`, { roles: unknown });
  }

  async function checkEmail(client: pg.PoolClient, email: string, exceptId?: string) {
    if (await emailTaken(client, email, exceptId)) {
      throw new AppError(409, 'email_taken', 'Another account already uses this email address.', { email: ['taken'] });
    }
  }

  function checkPassword(password: string, email: string) {
    const problems = passwordProblems(password, email);
    if (problems.length > 0) throw new AppError(400, 'weak_password', describePasswordProblems(problems), { password: problems });
  }

  async function account(client: pg.PoolClient | pg.Pool, id: string): Promise<AccountRow> {
    const found = await findAccount(client, id);
    if (!found) throw notFound('This account');
    return found;
  }

  /**
   * The account, once it is clear that `actor` may manage it — and give it `roles` and link it to the
   * person `employeeId`, when those change.
   */
  async function managedAccount(
    client: pg.PoolClient | pg.Pool,
    actor: SessionUser,
    id: string,
    { roles, employeeId }: { roles?: string[]; employeeId?: string | null } = {},
  ): Promise<AccountRow> {
    const current = await account(client, id);
    const permissions = await accountPermissions(client, id);
    const newRoles = roles === undefined ? undefined : { from: current.roles, to: roles, permissions: await permissionsOfRoles(client, roles) };
    // The account's scoped grants (…@own, …@department) are rights over the person it is linked to:
    // checked whenever the link or the roles change while it is linked.
    const linkChanges = employeeId !== undefined && employeeId !== current.employeeId;
    const rolesChange = roles !== undefined && [...roles].sort().join() !== [...current.roles].sort().join();
    const linkedTo = linkChanges ? employeeId : current.employeeId;
    const link = linkedTo && (linkChanges || rolesChange) ? { to: linkedTo, permissions: newRoles?.permissions ?? permissions } : undefined;
    assertMayAdminister(actor, { kind: 'manageAccount', account: { id, permissions }, roles: newRoles, link });
    return current;
  }

  return {
    'GET /api/admin/users': async (c) => c.json({ users: await listAccounts(db) }),

    'POST /api/admin/users': async (c) => {
      const actor = sessionOf(c).user;
      const body = await readBody(c, createBody);
      const ip = clientIp(c, config.trustProxy);
      if (body.credential.kind === 'password') checkPassword(body.credential.password, body.email);
      // An account created with a link has no usable password until the link is used.
      const passwordHash = await hashPassword(body.credential.kind === 'password' ? body.credential.password : crypto.randomUUID() + crypto.randomUUID());
      const result = await inTransaction(db, async (client) => {
        await checkRoles(client, body.roles);
        assertMayAdminister(actor, { kind: 'createAccount', permissions: await permissionsOfRoles(client, body.roles), employeeId: body.employeeId });
        await checkEmail(client, body.email);
        const id = await insertAccount(client, { email: body.email, name: body.name, roles: body.roles, employeeId: body.employeeId, passwordHash });
        await recordAudit(client, { kind: 'user_created', actorId: actor.id, subjectId: id, ip, details: { roles: body.roles } });
        const token = body.credential.kind === 'link' ? await createPasswordToken(client, id, actor.id) : null;
        if (token) await recordAudit(client, { kind: 'password_link_created', actorId: actor.id, subjectId: id, ip });
        return { id, token };
      });
      return c.json({ user: await account(db, result.id), ...(result.token ? { setPasswordUrl: linkFor(c, result.token) } : {}) }, 201);
    },

    'PATCH /api/admin/users/:id': async (c) => {
      const actor = sessionOf(c).user;
      const { id } = readInput(c.req.param(), idParam);
      const changes = await readBody(c, updateBody);
      const ip = clientIp(c, config.trustProxy);
      if (id === actor.id && changes.active === false) {
        throw new AppError(409, 'self_deactivation', 'You cannot deactivate your own account. Ask another administrator.');
      }
      await inTransaction(db, async (client) => {
        const current = await managedAccount(client, actor, id, { roles: changes.roles, employeeId: changes.employeeId });
        if (changes.roles !== undefined) await checkRoles(client, changes.roles);
        if (changes.email !== undefined) await checkEmail(client, changes.email, id);
        await updateAccount(client, id, changes);
        if (changes.active === false) await endAllSessions(client, id);
        await assertSomeoneCanAdminister(client);
        const rolesChanged = changes.roles !== undefined && changes.roles.join() !== current.roles.join();
        if (rolesChanged) await recordAudit(client, { kind: 'roles_changed', actorId: actor.id, subjectId: id, ip, details: { from: current.roles, to: changes.roles } });
        if (changes.active !== undefined && changes.active !== current.active) {
          await recordAudit(client, { kind: changes.active ? 'user_reactivated' : 'user_deactivated', actorId: actor.id, subjectId: id, ip });
        }
        const other = Object.keys(changes).filter((k) => k !== 'roles' && k !== 'active');
        if (other.length > 0) await recordAudit(client, { kind: 'user_updated', actorId: actor.id, subjectId: id, ip, details: { fields: other } });
      });
      if (changes.active === false) access.sessionsEnded(id, { allExcept: null });
      // A rename too: open sockets stamp the user's name into their presence (sync/awareness-identity.ts).
      if (changes.roles !== undefined || changes.active !== undefined || changes.employeeId !== undefined || changes.name !== undefined) await access.userChanged(id);
      return c.json({ user: await account(db, id) });
    },

    'POST /api/admin/users/:id/password': async (c) => {
      const actor = sessionOf(c).user;
      const { id } = readInput(c.req.param(), idParam);
      const body = await readBody(c, credential);
      const ip = clientIp(c, config.trustProxy);
      const target = await managedAccount(db, actor, id);
      if (body.kind === 'link') {
        const token = await createPasswordToken(db, id, actor.id);
        await recordAudit(db, { kind: 'password_link_created', actorId: actor.id, subjectId: id, ip });
        return c.json({ setPasswordUrl: linkFor(c, token) });
      }
      checkPassword(body.password, target.email);
      const hash = await hashPassword(body.password);
      await inTransaction(db, async (client) => {
        await setPasswordHash(client, id, hash);
        await endAllSessions(client, id);
        await recordAudit(client, { kind: 'password_reset', actorId: actor.id, subjectId: id, ip });
      });
      access.sessionsEnded(id, { allExcept: null });
      return c.body(null, 204);
    },

    'POST /api/admin/users/:id/sign-out': async (c) => {
      const actor = sessionOf(c).user;
      const { id } = readInput(c.req.param(), idParam);
      await managedAccount(db, actor, id);
      const ended = await endAllSessions(db, id);
      access.sessionsEnded(id, { allExcept: null });
      await recordAudit(db, { kind: 'sessions_revoked', actorId: actor.id, subjectId: id, ip: clientIp(c, config.trustProxy), details: { sessions: ended } });
      return c.json({ ended });
    },
  };
}
