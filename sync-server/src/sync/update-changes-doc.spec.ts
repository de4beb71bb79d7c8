import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updateChangesDoc } from './update-changes-doc.ts';

function twoReplicas() {
  const server = new Y.Doc();
  server.getMap('m').set('a', 1);
  server.getMap('m').set('a', 2); // overwriting leaves a deletion in the delete set
  server.getText('t').insert(0, 'hello');
  server.getText('t').delete(0, 1);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

describe('updateChangesDoc', () => {
  it('sees no change in a caught-up replica’s sync step 2, although it carries a delete set', () => {
    const { server, client } = twoReplicas();
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(Y.decodeUpdate(step2).ds.clients.size).toBeGreaterThan(0);
    expect(updateChangesDoc(server, step2)).toBe(false);
  });

  it('sees new content as a change', () => {
    const { server, client } = twoReplicas();
    client.getMap('m').set('b', 3);
    expect(updateChangesDoc(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBe(true);
  });

  it('sees a deletion the doc has not made as a change', () => {
    const { server, client } = twoReplicas();
    client.getText('t').delete(0, 2);
    expect(updateChangesDoc(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toBe(true);
  });

  it('sees no change in an empty update', () => {
    const { server } = twoReplicas();
    expect(updateChangesDoc(server, Y.encodeStateAsUpdate(new Y.Doc()))).toBe(false);
  });
});
