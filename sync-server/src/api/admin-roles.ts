// Managing roles: list (with how many people hold each), create, edit name, description and permission
// grants, delete an unused one. Grants must name catalogued permissions; Admin always keeps `*`; nobody
// grants what they do not hold, changes the grants of a role they hold, or changes or deletes a role that
// grants more than they hold (auth/admin-guard.ts); and after every change someone must still be able to
// manage users and roles.
import { z } from 'zod';
import { ADMIN_ROLE, grantProblem } from '@workmate/domain/access';
import { recordAudit } from '../audit/audit-log.ts';
import { assertMayAdminister, assertSomeoneCanAdminister } from '../auth/admin-guard.ts';
import { deleteRole, findRole, listRoles, roleNameTaken, upsertRole, type RoleRow } from '../auth/roles.ts';
import { inTransaction } from '../db/pool.ts';
import type pg from 'pg';
import type { EndpointHandlers } from './endpoint-router.ts';
import { AppError, notFound, readBody, readInput } from './errors.ts';
import { clientIp, sessionOf, type ApiDeps } from './request-context.ts';

const roleKey = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'use 2–40 lower-case letters, digits or dashes');
const keyParam = z.object({ key: roleKey });
const grants = z
  .array(z.string().max(80))
  .max(200)
  .superRefine((list, ctx) => {
    for (const grant of list) {
      const problem = grantProblem(grant);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });
const fields = {
  name: z.string().trim().min(1, 'Enter a name.').max(80),
  description: z.string().trim().max(300),
  permissions: grants,
};
const createBody = z.object({ key: roleKey.optional(), ...fields });
const updateBody = z
  .object(fields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.');

/** "Lager & Logistik" → "lager-logistik"; umlauts spelled out. */
export function roleKeyFrom(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(slug) && slug.length >= 2 ? slug : `rolle-${slug || 'neu'}`.slice(0, 40);
}

type AdminRoleKeys = 'GET /api/admin/roles' | 'POST /api/admin/roles' | 'PATCH /api/admin/roles/:key' | 'DELETE /api/admin/roles/:key';

export function adminRoleHandlers({ db, config, access }: ApiDeps): Pick<EndpointHandlers, AdminRoleKeys> {
  async function checkName(client: pg.PoolClient, name: string, exceptKey?: string) {
    if (await roleNameTaken(client, name, exceptKey)) {
      throw new AppError(409, 'role_name_taken', `A role named "${name.trim()}" exists already. Choose another name.`, { name: ['taken'] });
    }
  }

  async function role(client: pg.PoolClient | pg.Pool, key: string): Promise<RoleRow> {
    const found = await findRole(client, key);
    if (!found) throw notFound('This role');
    return found;
  }

  return {
    'GET /api/admin/roles': async (c) => c.json({ roles: await listRoles(db) }),

    'POST /api/admin/roles': async (c) => {
      const actor = sessionOf(c).user;
      const body = await readBody(c, createBody);
      const key = body.key ?? roleKeyFrom(body.name);
      assertMayAdminister(actor, { kind: 'createRole', permissions: body.permissions });
      await inTransaction(db, async (client) => {
        if (await findRole(client, key)) throw new AppError(409, 'role_exists', `A role with the key "${key}" exists already. Choose another name.`, { key: ['taken'] });
        await checkName(client, body.name);
        await upsertRole(client, { key, name: body.name, description: body.description, permissions: body.permissions });
        await recordAudit(client, { kind: 'role_created', actorId: actor.id, ip: clientIp(c, config.trustProxy), details: { role: key, permissions: body.permissions } });
      });
      return c.json({ role: await role(db, key) }, 201);
    },

    'PATCH /api/admin/roles/:key': async (c) => {
      const actor = sessionOf(c).user;
      const { key } = readInput(c.req.param(), keyParam);
      const changes = await readBody(c, updateBody);
      if (key === ADMIN_ROLE && changes.permissions && !changes.permissions.includes('*')) {
        throw new AppError(409, 'admin_role_fixed', 'The Admin role always has every permission. Create another role for limited administrators.');
      }
      await inTransaction(db, async (client) => {
        const current = await role(client, key);
        assertMayAdminister(actor, { kind: 'manageRole', role: current, permissions: changes.permissions });
        if (changes.name !== undefined) await checkName(client, changes.name, key);
        const next = { key, name: changes.name ?? current.name, description: changes.description ?? current.description, permissions: changes.permissions ?? current.permissions };
        await upsertRole(client, next);
        await assertSomeoneCanAdminister(client);
        await recordAudit(client, {
          kind: 'role_updated',
          actorId: actor.id,
          ip: clientIp(c, config.trustProxy),
          details: { role: key, ...(changes.permissions ? { from: current.permissions, to: changes.permissions } : {}) },
        });
      });
      if (changes.permissions) await access.roleChanged(key);
      return c.json({ role: await role(db, key) });
    },

    'DELETE /api/admin/roles/:key': async (c) => {
      const actor = sessionOf(c).user;
      const { key } = readInput(c.req.param(), keyParam);
      if (key === ADMIN_ROLE) throw new AppError(409, 'admin_role_fixed', 'The Admin role cannot be deleted.');
      await inTransaction(db, async (client) => {
        const current = await role(client, key);
        assertMayAdminister(actor, { kind: 'manageRole', role: current });
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE $1 = ANY(roles)', [key]);
        const holders = Number(rows[0]!.n);
        if (holders > 0) {
          throw new AppError(409, 'role_in_use', `${holders} account(s) still hold this role. Remove it from them first.`, { members: [String(holders)] });
        }
        await deleteRole(client, key);
        await recordAudit(client, { kind: 'role_deleted', actorId: actor.id, ip: clientIp(c, config.trustProxy), details: { role: key, permissions: current.permissions } });
      });
      return c.body(null, 204);
    },
  };
}
