import { afterEach, describe, expect, it } from 'vitest';
import type { DocsOpen } from './cluster-bus.ts';
import { DocPeers } from './doc-peers.ts';

const peersList: DocPeers[] = [];
afterEach(() => {
  for (const peers of peersList.splice(0)) peers.close();
});

/** DocPeers on a recording bus and a clock the test moves. */
function setUp() {
  const sent: Array<{ docs: string[]; state: DocsOpen['state'] }> = [];
  const changes: string[] = [];
  const clock = { now: 0 };
  const peers = new DocPeers({ publishDocsOpen: (docs, state) => void sent.push({ docs, state }) }, (doc) => void changes.push(doc), {
    renewMs: 1_000_000,
    ttlMs: 30,
    now: () => clock.now,
  });
  peersList.push(peers);
  return { peers, sent, changes, clock };
}

describe('DocPeers', () => {
  it('asks who else has a doc it opens, and answers another instance that asks about a doc open here', () => {
    const { peers, sent, changes } = setUp();
    peers.opened('org');
    expect(sent).toEqual([{ docs: ['org'], state: 'ask' }]);
    peers.heard({ instance: 'b', docs: ['org', 'crm'], state: 'ask' });
    expect(sent.at(-1)).toEqual({ docs: ['org'], state: 'open' });
    expect(peers.isOpenElsewhere('org')).toBe(true);
    expect(peers.isOpenElsewhere('crm')).toBe(false);
    expect(changes).toEqual(['org']);
  });

  it('does not answer an answer, nor care about docs not open here', () => {
    const { peers, sent } = setUp();
    peers.opened('org');
    peers.heard({ instance: 'b', docs: ['org'], state: 'open' });
    peers.heard({ instance: 'c', docs: ['crm'], state: 'ask' });
    expect(sent).toEqual([{ docs: ['org'], state: 'ask' }]);
    expect(peers.isOpenElsewhere('org')).toBe(true);
  });

  it('is alone again once every other instance closed the doc', () => {
    const { peers, changes } = setUp();
    peers.opened('org');
    peers.heard({ instance: 'b', docs: ['org'], state: 'open' });
    peers.heard({ instance: 'c', docs: ['org'], state: 'open' });
    peers.heard({ instance: 'b', docs: ['org'], state: 'closed' });
    expect(peers.isOpenElsewhere('org')).toBe(true);
    peers.heard({ instance: 'c', docs: ['org'], state: 'closed' });
    expect(peers.isOpenElsewhere('org')).toBe(false);
    expect(changes).toEqual(['org', 'org']);
  });

  it('forgets an instance that stopped renewing (it died), and renews its own word only for shared docs', () => {
    const { peers, sent, clock } = setUp();
    peers.opened('org');
    peers.opened('crm');
    peers.heard({ instance: 'b', docs: ['org'], state: 'open' });
    clock.now = 20;
    peers.renew();
    expect(sent.at(-1)).toEqual({ docs: ['org'], state: 'open' });
    expect(peers.isOpenElsewhere('org')).toBe(true);
    clock.now = 40;
    const before = sent.length;
    peers.renew();
    expect(peers.isOpenElsewhere('org')).toBe(false);
    expect(sent.length).toBe(before);
  });

  it('asks again about every open doc after the bus reconnected, and says closed when closing', () => {
    const { peers, sent } = setUp();
    peers.opened('org');
    peers.opened('crm');
    peers.reconnected();
    expect(sent.at(-1)).toEqual({ docs: ['org', 'crm'], state: 'ask' });
    peers.closed('crm');
    expect(sent.at(-1)).toEqual({ docs: ['crm'], state: 'closed' });
    peers.close();
    expect(sent.at(-1)).toEqual({ docs: ['org'], state: 'closed' });
  });
});
