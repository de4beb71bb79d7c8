// `npm run create-admin` on an empty production database (SEED_DEMO=false): the default roles and one
// admin who can sign in and administer; refused once accounts exist, and for weak passwords.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultRoles } from '@workmate/domain/access';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { restClient, type RoleRow } from '../helpers/rest-client.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const root = resolve(import.meta.dirname, '../..');
const ADMIN_EMAIL = 'it@firma-beispiel.de';
const ADMIN_PASSWORD = 'Leuchtturm-Brise-Helgoland-9';

/** Runs the command without a terminal (so it never prompts); answers its exit code and output. */
function createAdmin(databaseUrl: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/seed/create-admin.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => done({ code, output }));
  });
}

let database: TestDatabase;
let server: ServerProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await server?.stop();
  await database.drop();
});

describe('npm run create-admin', () => {
  it('refuses a weak password and creates nothing', async () => {
    const result = await createAdmin(database.url, ['--email', ADMIN_EMAIL, '--password', 'passwort']);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Choose another password');
  });

  it('says which flag or variable is missing when there is no terminal to ask', async () => {
    const result = await createAdmin(database.url, ['--password', ADMIN_PASSWORD]);
    expect(result.code).toBe(2);
    expect(result.output).toContain('--email or set ADMIN_EMAIL');
  });

  it('creates the default roles and an admin who can sign in and manage roles', async () => {
    const result = await createAdmin(database.url, ['--email', ADMIN_EMAIL, '--name', 'Eva Schulz'], { ADMIN_PASSWORD });
    expect(result.output).toContain(`Created the admin account ${ADMIN_EMAIL}`);
    expect(result.code).toBe(0);

    server = await startServerProcess({ DATABASE_URL: database.url, SEED_DEMO: 'false' });
    const cookie = await signIn(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const roles = await restClient(server.url)<{ roles: RoleRow[] }>('GET', '/api/admin/roles', { cookie });
    expect(roles.status).toBe(200);
    expect(roles.body.roles.map((role) => role.key).sort()).toEqual(defaultRoles.map((role) => role.key).sort());
    expect(roles.body.roles.find((role) => role.key === 'admin')?.members).toBe(1);
  });

  it('refuses once the database has accounts', async () => {
    const result = await createAdmin(database.url, ['--email', 'zweite@firma-beispiel.de'], { ADMIN_PASSWORD });
    expect(result.code).toBe(1);
    expect(result.output).toContain('already has accounts');
  });
});
