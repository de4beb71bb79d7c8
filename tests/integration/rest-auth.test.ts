// Sign-in, sessions, health and configuration errors against the real server.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.ts';
import { signIn, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';

let server: ServerProcess;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  server = await startServerProcess({ DATABASE_URL: database.url });
});
afterAll(async () => {
  await server?.stop();
  await dropDatabase?.();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('auth API', () => {
  it('signs in, answers /me with the user and permissions, and signs out', async () => {
    const cookie = await signIn(server.url, 'admin@muster-gmbh.de', DEMO_PASSWORD);
    const me = await fetch(server.url + '/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    const { user } = (await me.json()) as { user: { email: string; permissions: string[]; roles: string[] } };
    expect(user).toMatchObject({ email: 'admin@muster-gmbh.de', roles: ['admin'], permissions: ['*'] });
    expect((await post('/api/auth/logout', {}, { cookie })).status).toBe(204);
    expect((await fetch(server.url + '/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await post('/api/auth/login', { email: 'admin@muster-gmbh.de', password: DEMO_PASSWORD });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const unknown = await post('/api/auth/login', { email: 'nobody@muster-gmbh.de', password: 'whatever-123' });
    const wrong = await post('/api/auth/login', { email: 'admin@muster-gmbh.de', password: 'whatever-123' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.text()).toBe(await wrong.text());
  });

  it('refuses a malformed body with 400 and the field errors', async () => {
    const res = await post('/api/auth/login', { email: '' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; fields: Record<string, string[]> } };
    expect(body.error.code).toBe('invalid_body');
    expect(Object.keys(body.error.fields).sort()).toEqual(['email', 'password']);
    const notJson = await fetch(server.url + '/api/auth/login', { method: 'POST', body: '{nope' });
    expect(notJson.status).toBe(400);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await fetch(server.url + '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('health and shell', () => {
  it('reports the process and the database healthy', async () => {
    const res = await fetch(server.url + '/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', unstored: { updates: 0, oldestAgeMs: 0 } });
  });

  it('serves the app shell for any app path', async () => {
    const res = await fetch(server.url + '/employees/some-id');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
  });
});

describe('configuration', () => {
  it('refuses to start with a bad variable and names it', () => {
    const root = resolve(import.meta.dirname, '../..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: 'mysql://x' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).toContain('DATABASE_URL: must be a postgres');
  });
});
