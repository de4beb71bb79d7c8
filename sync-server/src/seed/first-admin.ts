// Creates the first admin account of an empty production database (SEED_DEMO=false): the default roles
// that are missing, then one account holding the Admin role. Refuses once any account exists — from then
// on accounts are managed in the app (Verwaltung › Benutzer).
import type pg from 'pg';
import { z } from 'zod';
import { ADMIN_ROLE, defaultRoles, describePasswordProblems, passwordProblems } from '@workmate/domain/access';
import { recordAudit } from '../audit/audit-log.ts';
import { hashPassword } from '../auth/passwords.ts';
import { existingRoleKeys, upsertRole } from '../auth/roles.ts';
import { insertAccount } from '../auth/users.ts';
import { isEmpty } from './seed-database.ts';

export type FirstAdmin = { email: string; name: string; password: string };

/** A problem the operator can fix by running the command again differently. */
export class FirstAdminError extends Error {}

const emailSchema = z.email();

/** The reasons these details cannot become the first admin, each saying what to do; empty when fine. */
export function firstAdminProblems({ email, name, password }: FirstAdmin): string[] {
  const problems: string[] = [];
  if (!emailSchema.safeParse(email).success) problems.push(`"${email}" is not an email address: give the admin's email (--email).`);
  if (name.trim() === '') problems.push('The name is empty: give the admin\'s name (--name).');
  const weak = passwordProblems(password, email);
  if (weak.length > 0) problems.push(describePasswordProblems(weak));
  return problems;
}

/** Inserts the default roles that do not exist yet, leaving existing (possibly edited) roles alone. */
export async function ensureDefaultRoles(client: pg.PoolClient): Promise<string[]> {
  const existing = await existingRoleKeys(client, defaultRoles.map((role) => role.key));
  const missing = defaultRoles.filter((role) => !existing.has(role.key));
  for (const role of missing) await upsertRole(client, { ...role, permissions: [...role.permissions] });
  return missing.map((role) => role.key);
}

export async function createFirstAdmin(db: pg.Pool, admin: FirstAdmin): Promise<{ id: string; rolesCreated: string[] }> {
  const problems = firstAdminProblems(admin);
  if (problems.length > 0) throw new FirstAdminError(problems.join('\n'));
  const passwordHash = await hashPassword(admin.password);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Two operators running the command at once must not create two "first" admins.
    await client.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    if (!(await isEmpty(client))) {
      throw new FirstAdminError(
        'The database already has accounts, so there is a first admin already. Sign in as an admin and add accounts under Verwaltung › Benutzer.',
      );
    }
    const rolesCreated = await ensureDefaultRoles(client);
    const id = await insertAccount(client, { email: admin.email, name: admin.name.trim(), roles: [ADMIN_ROLE], employeeId: null, passwordHash });
    await recordAudit(client, { kind: 'user_created', actorId: null, subjectId: id, details: { roles: [ADMIN_ROLE], via: 'create-admin' } });
    await client.query('COMMIT');
    return { id, rolesCreated };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
