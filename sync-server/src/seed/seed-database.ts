// Writes the demo company into an empty (or, with reset, emptied) database.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import * as Y from 'yjs';
import { docName } from '@workmate/sync-protocol';
import { hashPassword } from '../auth/passwords.ts';
import type { DocStore } from '../persistence/doc-store.ts';
import { DEMO_PASSWORD, buildDemoOrgDoc, defaultRoles, demoEmployeeId, demoUsers } from './demo-company.ts';

export type SeedResult = { seeded: boolean; users: Array<{ email: string; roles: string[] }>; password: string };

/** True when no account exists yet (a fresh database). */
export async function isEmpty(db: pg.Pool): Promise<boolean> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM users');
  return rows[0]!.n === '0';
}

/** Deletes every account, session and doc. Only for `npm run seed -- --reset`. */
export async function resetDatabase(db: pg.Pool): Promise<void> {
  await db.query('TRUNCATE sessions, users, roles, doc_updates, doc_snapshots');
}

export async function seedDemoCompany(db: pg.Pool, store: DocStore): Promise<SeedResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    for (const role of defaultRoles) {
      await client.query(
        'INSERT INTO roles (key, name, permissions) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET name = $2, permissions = $3',
        [role.key, role.name, role.permissions],
      );
    }
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
  return { seeded: true, users: demoUsers.map(({ email, roles }) => ({ email, roles })), password: DEMO_PASSWORD };
}
