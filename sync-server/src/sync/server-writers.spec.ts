import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { orgDoc } from '@workmate/sync-protocol';
import { serverWriters } from './server-writers.ts';

describe('employee numbering writer', () => {
  it('keeps numbering (and does not throw, which would end the process) when a device wrote a number too large to count on from', async () => {
    const doc = new Y.Doc();
    orgDoc.insertEmployee(doc, 'a', { ...orgDoc.emptyEmployeeFields, firstName: 'Anna' }, '2026-01-01T00:00:00Z');
    const [writer] = serverWriters.org!;
    const stop = writer!(doc, (error) => {
      throw error;
    });
    expect(orgDoc.employeesOf(doc).get('a')!.get('number')).toBe('MA-0001');

    // A device writes junk into a number and adds an employee: the writer reacts in a microtask.
    const thrown: unknown[] = [];
    const onError = (error: unknown) => void thrown.push(error);
    process.on('uncaughtException', onError);
    try {
      doc.transact(() => {
        orgDoc.employeesOf(doc).get('a')!.set('number', 'MA-' + '9'.repeat(400));
        orgDoc.insertEmployee(doc, 'b', { ...orgDoc.emptyEmployeeFields, firstName: 'Bernd' }, '2026-01-02T00:00:00Z');
      });
      await new Promise((settled) => setTimeout(settled, 0));
    } finally {
      process.off('uncaughtException', onError);
      stop();
    }
    expect(thrown).toEqual([]);
    expect(orgDoc.employeesOf(doc).get('b')!.get('number')).toBe('MA-0001');
  });

  it('skips an employee entry that is not a record (a device wrote junk) instead of throwing', async () => {
    const doc = new Y.Doc();
    const [writer] = serverWriters.org!;
    const stop = writer!(doc, (error) => {
      throw error;
    });
    const thrown: unknown[] = [];
    const onError = (error: unknown) => void thrown.push(error);
    process.on('uncaughtException', onError);
    try {
      doc.transact(() => {
        (orgDoc.employeesOf(doc) as unknown as Y.Map<unknown>).set('junk', 'not a record');
        orgDoc.insertEmployee(doc, 'a', { ...orgDoc.emptyEmployeeFields, firstName: 'Anna' }, '2026-01-01T00:00:00Z');
      });
      await new Promise((settled) => setTimeout(settled, 0));
    } finally {
      process.off('uncaughtException', onError);
      stop();
    }
    expect(thrown).toEqual([]);
    expect(orgDoc.employeesOf(doc).get('a')!.get('number')).toBe('MA-0001');
  });
});
