// Several sync servers sharing one Postgres (issue 6): clients split across two instances edit the same
// docs and converge with nothing lost, with the fan-out through Postgres LISTEN/NOTIFY and through Redis;
// employee numbers stay gapless while both instances have the directory open, also when the instance
// handing them out closes the doc or dies; presence crosses instances; a SIGKILL or a SIGTERM drain of one
// instance loses nothing — its clients continue on the other. Access changes: cluster-access.test.ts.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, orgDoc, profileDoc } from '@workmate/sync-protocol';
import { PgDocStore } from '../../sync-server/src/persistence/pg-doc-store.ts';
import { demoEmployeeId } from '../../sync-server/src/seed/demo-company.ts';
import { pointClientAt } from '../helpers/server-instances.ts';
import { proxyFor } from '../helpers/tcp-proxy.ts';
import { useTwoInstances } from '../helpers/two-instance-suite.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { WatchedSyncClient } from '../helpers/watched-sync-client.ts';

/** Generous: two cores shared with other test runs. Every wait ends as soon as its condition holds. */
const CONVERGE_MS = 30_000;

const notesOf = (doc: Y.Doc, id: string) => orgDoc.employeeNotes(orgDoc.employeesOf(doc).get(id)!).toString();
const hasLines = (doc: Y.Doc, id: string, lines: readonly string[]) => {
  const notes = notesOf(doc, id);
  return lines.every((line) => notes.includes(line));
};

/** Appends a line to an employee's notes, as typing into the notes field does. */
function type(client: WatchedSyncClient, id: string, line: string): void {
  client.doc.transact(() => {
    const notes = orgDoc.employeeNotes(orgDoc.employeesOf(client.doc).get(id)!);
    notes.insert(notes.length, line + '\n');
  });
}

/** Creates an employee without a number, as the "new employee" form does. */
function createEmployee(client: WatchedSyncClient, lastName: string): string {
  const id = crypto.randomUUID();
  const fields = { ...orgDoc.emptyEmployeeFields, firstName: 'Neu', lastName };
  client.doc.transact(() => orgDoc.insertEmployee(client.doc, id, fields, new Date().toISOString()));
  return id;
}

/** Every employee number in the doc, as integers, sorted; NaN for a missing one. */
const employeeNumbers = (doc: Y.Doc) =>
  orgDoc
    .listEmployees(doc)
    .map((e) => Number(e.number.replace(/^MA-/, '') || NaN))
    .sort((x, y) => x - y);
const isGapless = (numbers: number[]) => numbers.every((n, i) => n === i + 1);

describe.each(['postgres', 'redis'] as const)('two instances, fan-out through %s', (bus) => {
  const suite = useTwoInstances(bus);
  const { connect } = suite;
  const allSynced = (...list: WatchedSyncClient[]) => suite.allSynced(list, CONVERGE_MS);
  /** What a server loading the doc from Postgres right now would get. */
  async function storedDoc(name = 'org'): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const state = await new PgDocStore(suite.db).load(name);
    if (state) Y.applyUpdate(doc, state);
    return doc;
  }
  /** Whether an instance holds a writer lease (only `org` has server writers). */
  async function leaseHeld(): Promise<boolean> {
    const { rows } = await suite.db.query(
      `SELECT 1 FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND s.datname = current_database() AND s.application_name = 'workmate-writer-leases'`,
    );
    return rows.length > 0;
  }

  it('relays edits between clients on different instances, converges and stores every edit', async () => {
    const all = [connect(suite.a), connect(suite.b), connect(suite.a), connect(suite.b), connect(suite.a), connect(suite.b)];
    const profileName = `profile/${demoEmployeeId(2)}`;
    const profiles = [connect(suite.a, profileName), connect(suite.b, profileName)];
    await allSynced(...all, ...profiles);
    const id = demoEmployeeId(3);
    const expected: string[] = [];
    for (let round = 0; round < 10; round++) {
      all.forEach((client, i) => {
        const line = `${bus}-client-${i}-round-${round}`;
        type(client, id, line);
        expected.push(line);
      });
    }
    profiles.forEach((client, i) => profileDoc.setProfileField(client.doc, 'emergencyContact', `Kontakt ${i}`, new Date().toISOString()));

    await waitFor(() => all.every((c) => hasLines(c.doc, id, expected)), { timeoutMs: CONVERGE_MS, what: 'every edit on every client' });
    expect(new Set(all.map((c) => notesOf(c.doc, id))).size).toBe(1);
    await waitFor(() => profileDoc.readProfile(profiles[0]!.doc).emergencyContact === profileDoc.readProfile(profiles[1]!.doc).emergencyContact, {
      timeoutMs: CONVERGE_MS,
      what: 'the profile to converge',
    });
    await waitFor(async () => hasLines(await storedDoc(), id, expected), { timeoutMs: CONVERGE_MS, what: 'every edit in Postgres' });
    expect(notesOf(await storedDoc(), id)).toBe(notesOf(all[0]!.doc, id));
  });

  it('shows colleagues connected to the other instance as present, and no longer once they leave', async () => {
    const [onA, onB] = [connect(suite.a), connect(suite.b)];
    await allSynced(onA, onB);
    const page = `${bus}-/mitarbeiter`;
    onA.provider.awareness.setLocalStateField('viewing', page);
    const seesA = () => onB.provider.awareness.getStates().get(onA.doc.clientID)?.viewing === page;
    await waitFor(seesA, { timeoutMs: CONVERGE_MS, what: 'B’s client to see A’s client' });
    onA.destroy();
    await waitFor(() => !onB.provider.awareness.getStates().has(onA.doc.clientID), { timeoutMs: CONVERGE_MS, what: 'A’s client to disappear on B' });
  });

  it('numbers employees created on both instances without gap or duplicate', async () => {
    const [onA, onB] = [connect(suite.a), connect(suite.b)];
    await allSynced(onA, onB);
    const created: string[] = [];
    for (let i = 0; i < 6; i++) created.push(createEmployee(onA, `A${i}`), createEmployee(onB, `B${i}`));
    const allNumbered = (doc: Y.Doc) => isGapless(employeeNumbers(doc)) && created.every((id) => orgDoc.employeesOf(doc).get(id)?.get('number'));
    await waitFor(() => allNumbered(onA.doc) && allNumbered(onB.doc), { timeoutMs: CONVERGE_MS, what: 'gapless numbers on both clients' });
    await waitFor(async () => allNumbered(await storedDoc()), { timeoutMs: CONVERGE_MS, what: 'the numbers in Postgres' });
  });

  /** Opens the directory on A alone (so A takes the writer lease), then on B. */
  async function aHoldsTheLease(): Promise<void> {
    await waitFor(async () => !(await leaseHeld()), { timeoutMs: CONVERGE_MS, what: 'the previous test’s rooms to close' });
  }

  it('hands employee numbering to the other instance when the holder closes the doc', async () => {
    await aHoldsTheLease();
    const first = connect(suite.a);
    await allSynced(first);
    await waitFor(leaseHeld, { timeoutMs: CONVERGE_MS, what: 'instance A to take the writer lease' });
    const onB = connect(suite.b);
    await allSynced(onB);
    first.destroy();
    const id = createEmployee(onB, 'NachÜbergabe');
    await waitFor(() => orgDoc.employeesOf(onB.doc).get(id)?.get('number') && isGapless(employeeNumbers(onB.doc)), {
      timeoutMs: CONVERGE_MS,
      what: 'instance B to number the new employee',
    });
  });

  it('loses nothing when an instance is killed mid-edit: its clients continue on the other', async () => {
    await aHoldsTheLease();
    const onA = [connect(suite.a), connect(suite.a)];
    await allSynced(...onA);
    // A hands out the numbers when it dies.
    await waitFor(leaseHeld, { timeoutMs: CONVERGE_MS, what: 'instance A to take the writer lease' });
    const onB = [connect(suite.b), connect(suite.b)];
    const all = [...onA, ...onB];
    await allSynced(...all);
    const id = demoEmployeeId(4);
    const expected: string[] = [];
    let round = 0;
    const typeRound = () => {
      all.forEach((client, i) => {
        const line = `${bus}-kill-${i}-${round}`;
        type(client, id, line);
        expected.push(line);
      });
      round++;
    };
    for (let i = 0; i < 5; i++) typeRound();
    await waitFor(() => all.every((c) => hasLines(c.doc, id, expected)), { timeoutMs: CONVERGE_MS, what: 'the first edits everywhere' });
    typeRound();
    const orphan = createEmployee(onA[0]!, 'VorDemAbsturz');
    expect(await suite.a.stop('SIGKILL')).toBeNull();
    for (const client of onA) pointClientAt(client, suite.b);
    // Typed while the clients of A are cut off (their copy keeps it) and while they move to B.
    typeRound();
    await allSynced(...all);
    typeRound();

    await waitFor(() => all.every((c) => hasLines(c.doc, id, expected)), { timeoutMs: CONVERGE_MS, what: 'every edit on every client' });
    expect(new Set(all.map((c) => notesOf(c.doc, id))).size).toBe(1);
    await waitFor(() => orgDoc.employeesOf(onB[0]!.doc).get(orphan)?.get('number') && isGapless(employeeNumbers(onB[0]!.doc)), {
      timeoutMs: CONVERGE_MS,
      what: 'the employee created on the dead instance to be numbered by the survivor',
    });
    await waitFor(async () => hasLines(await storedDoc(), id, expected), { timeoutMs: CONVERGE_MS, what: 'every edit in Postgres' });
    await suite.a.restart();
  });

  it('drains on SIGTERM: pending edits are stored, clients are sent away and continue on the other instance', async () => {
    // Long flush intervals (also the one for docs open on another instance, as here): what is typed just
    // before the SIGTERM is only in the draining instance's memory.
    const draining = await suite.startAnother({ FLUSH_INTERVAL_MS: '10000', CLUSTER_FLUSH_INTERVAL_MS: '10000' });
    const writer = connect(draining);
    const observer = connect(draining);
    const elsewhere = connect(suite.b);
    await allSynced(writer, observer, elsewhere);
    const id = demoEmployeeId(5);
    type(writer, id, `${bus}-vor-dem-neustart`);
    await waitFor(() => hasLines(observer.doc, id, [`${bus}-vor-dem-neustart`]), { what: 'the edit in the draining instance' });
    expect(hasLines(await storedDoc(), id, [`${bus}-vor-dem-neustart`])).toBe(false);

    for (const client of [writer, observer]) pointClientAt(client, suite.b);
    expect(await draining.stop('SIGTERM')).toBe(0);
    expect(hasLines(await storedDoc(), id, [`${bus}-vor-dem-neustart`])).toBe(true);
    await waitFor(() => hasLines(elsewhere.doc, id, [`${bus}-vor-dem-neustart`]), { timeoutMs: CONVERGE_MS, what: 'the edit on the other instance' });
    await waitFor(() => writer.serverCloses.some((c) => c.code === CloseCode.GoingAway), { what: 'close 1001 (going away)' });
    await allSynced(writer, observer);
    type(writer, id, `${bus}-nach-dem-neustart`);
    await waitFor(() => hasLines(elsewhere.doc, id, [`${bus}-nach-dem-neustart`]), { timeoutMs: CONVERGE_MS, what: 'edits after the move' });
  });

  it('catches up with what the others stored while it had lost the database (and with it the bus)', async () => {
    const proxy = proxyFor(suite.databaseUrl);
    const link = await proxy.link('cut-off instance');
    const cutOff = await suite.startAnother({}, link.via(suite.databaseUrl));
    try {
      const onA = connect(suite.a);
      const onCutOff = connect(cutOff);
      await allSynced(onA, onCutOff);
      const id = demoEmployeeId(7);
      type(onA, id, `${bus}-before-the-cut`);
      await waitFor(() => hasLines(onCutOff.doc, id, [`${bus}-before-the-cut`]), { timeoutMs: CONVERGE_MS, what: 'the first edit to arrive' });

      link.setRefusing(true);
      link.cut();
      type(onA, id, `${bus}-during-the-cut`);
      // Stored and announced while the cut-off instance could not hear it.
      await waitFor(async () => hasLines(await storedDoc(), id, [`${bus}-during-the-cut`]), { timeoutMs: CONVERGE_MS, what: 'the edit stored' });
      expect(hasLines(onCutOff.doc, id, [`${bus}-during-the-cut`])).toBe(false);
      link.setRefusing(false);
      await waitFor(() => hasLines(onCutOff.doc, id, [`${bus}-during-the-cut`]), { timeoutMs: CONVERGE_MS, what: 'the missed edit after reconnecting' });
    } finally {
      await cutOff.stop();
      await proxy.close();
    }
  });

});
