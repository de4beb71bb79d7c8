// Presence cannot be spoofed: whatever user a client writes into its awareness state, colleagues — on
// the same instance and on another one, through the cluster bus — see the socket's own signed-in user,
// with the name and colour the web app would show for them.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/seed/demo-company.ts';
import { userColor } from '@workmate/sync-protocol';
import { signIn } from '../helpers/server-process.ts';
import { useTwoInstances } from '../helpers/two-instance-suite.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { WatchedSyncClient } from '../helpers/watched-sync-client.ts';

const suite = useTwoInstances('postgres');

const userIdOf = async (email: string) =>
  (await suite.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email])).rows[0]!.id;

let anna: { id: string; name: string; color: string };
let max: { id: string; name: string; color: string };
/** Max Mustermann (employee: may read the org doc, not write it). */
let maxCookie: string;

beforeAll(async () => {
  const [annaId, maxId] = await Promise.all([userIdOf('admin@muster-gmbh.de'), userIdOf('mitarbeiter@muster-gmbh.de')]);
  anna = { id: annaId, name: 'Anna Admin', color: userColor(annaId) };
  max = { id: maxId, name: 'Max Mustermann', color: userColor(maxId) };
  maxCookie = await signIn(suite.a.url, 'mitarbeiter@muster-gmbh.de', DEMO_PASSWORD);
});

/** What `observer` shows for `client`'s awareness state, once it shows the page `viewing`. */
function stateSeen(observer: WatchedSyncClient, client: WatchedSyncClient, viewing: string) {
  return waitFor(
    () => {
      const state = observer.provider.awareness.getStates().get(client.doc.clientID);
      return state?.viewing === viewing ? state : null;
    },
    { what: `${viewing} to reach an observer` },
  );
}

describe('presence identity', () => {
  it('shows a socket that claims to be Anna Admin as its own user, on the same instance and on the other', async () => {
    const onA = suite.connect(suite.a);
    const onB = suite.connect(suite.b);
    await suite.allSynced([onA, onB], 10_000);
    const spoofer = suite.connect(suite.a, 'org', maxCookie);
    await suite.allSynced([spoofer], 10_000);

    spoofer.provider.awareness.setLocalState({ user: anna, viewing: '/mitarbeiter', editing: 'position' });

    const expected = { user: max, viewing: '/mitarbeiter', editing: 'position' };
    expect(await stateSeen(onA, spoofer, '/mitarbeiter')).toEqual(expected);
    expect(await stateSeen(onB, spoofer, '/mitarbeiter')).toEqual(expected);
    expect(spoofer.serverCloses).toEqual([]);
  });

  it('keeps the true identity when a spoofer changes only the name, and relays an honest state as it was set', async () => {
    const observer = suite.connect(suite.b);
    const honest = suite.connect(suite.a);
    const spoofer = suite.connect(suite.a, 'org', maxCookie);
    await suite.allSynced([observer, honest, spoofer], 10_000);

    honest.provider.awareness.setLocalState({ user: anna, viewing: '/dashboard' });
    spoofer.provider.awareness.setLocalState({ user: { ...max, name: 'Anna Admin' }, viewing: '/org' });

    expect(await stateSeen(observer, honest, '/dashboard')).toEqual({ user: anna, viewing: '/dashboard' });
    expect(await stateSeen(observer, spoofer, '/org')).toEqual({ user: max, viewing: '/org' });
  });

  it('says the new name once an administrator renames the account, on both instances', async () => {
    const observer = suite.connect(suite.b);
    const renamed = suite.connect(suite.a, 'org', maxCookie);
    await suite.allSynced([observer, renamed], 10_000);
    renamed.provider.awareness.setLocalState({ user: max, viewing: '/dashboard' });
    expect((await stateSeen(observer, renamed, '/dashboard')).user).toEqual(max);

    // Renamed through the other instance: the change reaches instance A over the cluster bus.
    const res = await fetch(`${suite.b.url}/api/admin/users/${max.id}`, {
      method: 'PATCH',
      headers: { cookie: suite.adminCookie, 'content-type': 'application/json', origin: suite.b.url },
      body: JSON.stringify({ name: 'Max Mustermann-Berg' }),
    });
    expect(res.status).toBe(200);
    try {
      // The client still says its old name; the server stamps the new one.
      await waitFor(
        async () => {
          renamed.provider.awareness.setLocalStateField('viewing', `/employees?t=${Date.now()}`);
          const state = observer.provider.awareness.getStates().get(renamed.doc.clientID) as { user?: { name?: string } } | undefined;
          return state?.user?.name === 'Max Mustermann-Berg';
        },
        { intervalMs: 200, what: 'the new name in the renamed socket’s presence' },
      );
    } finally {
      await suite.db.query("UPDATE users SET name = 'Max Mustermann' WHERE id = $1", [max.id]);
    }
  });
});
