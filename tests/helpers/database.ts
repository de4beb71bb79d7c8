// Gives each test file a database of its own on the test Postgres, so tests never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = {
  /** postgres:// URL of the new, empty database. */
  url: string;
  /** Disconnects whoever is still connected and drops the database. Safe to call twice. */
  drop(): Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `wm_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends the connections a test (or a server it started) left open.
    drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Cannot reach the test Postgres at ${ADMIN_URL} (${(error as Error).message}). Start it ` +
        '(pg_ctlcluster --skip-systemctl-redirect <version> main start) or point TEST_DATABASE_URL at one.',
    );
  }
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
