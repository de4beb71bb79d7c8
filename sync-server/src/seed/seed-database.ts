// Writes the demo company into an empty (or, with reset, emptied) database.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import * as Y from 'yjs';
import { defaultRoles } from '@workmate/domain/access';
import { docName } from '@workmate/sync-protocol';
import { hashPassword } from '../auth/passwords.ts';
import { upsertRole } from '../auth/roles.ts';
import type { DocStore } from '../persistence/doc-store.ts';
import { DEMO_PASSWORD, buildDemoOrgDoc, buildDemoProfileDoc, demoEmployeeCount, demoEmployeeId, demoUsers } from './demo-company.ts';

export type SeedResult = { seeded: boolean; users: Array<{ email: string; roles: string[] }>; password: string };

/** True when no account exists yet (a fresh database). */
export async function isEmpty(db: pg.Pool | pg.PoolClient): Promise<boolean> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM users');
  return rows[0]!.n === '0';
}

/** Deletes every account, session and doc. Only for `npm run seed -- --reset`. */
export async function resetDatabase(db: pg.Pool): Promise<void> {
  await db.query('TRUNCATE sessions, users, roles, doc_updates, doc_snapshots, login_failures, password_tokens, audit_events');
}

export async function seedDemoCompany(db: pg.Pool, store: DocStore): Promise<SeedResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    for (const role of defaultRoles) await upsertRole(client, { ...role, permissions: [...role.permissions] });
    for (const user of demoUsers) {
      await client.query(
        'INSERT INTO users (id, email, name, password_hash, roles, employee_id) VALUES ($1, $2, $3, $4, $5, $6)',
        [randomUUID(), user.email, user.name, passwordHash, user.roles, demoEmployeeId(user.employeeIndex)],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  const org = buildDemoOrgDoc();
  await store.append(docName({ kind: 'org' }), [{ update: Y.encodeStateAsUpdate(org), userId: null, at: new Date() }]);
  org.destroy();
  for (let index = 0; index < demoEmployeeCount; index++) {
    const profile = buildDemoProfileDoc(index);
    const name = docName({ kind: 'profile', employeeId: demoEmployeeId(index) });
    await store.append(name, [{ update: Y.encodeStateAsUpdate(profile), userId: null, at: new Date() }]);
    profile.destroy();
  }
  return { seeded: true, users: demoUsers.map(({ email, roles }) => ({ email, roles })), password: DEMO_PASSWORD };
}
