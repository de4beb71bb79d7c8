// Fields only the server writes, per doc kind. Each writer runs once when a room opens and then keeps
// watching the doc; it returns a function that stops it.
import type * as Y from 'yjs';
import { orgDoc, type DocKind } from '@workmate/sync-protocol';
import { SERVER_ORIGIN } from './room.ts';

/**
 * A writer gets the doc and where to report a failure: writers run inside Yjs observers and microtasks,
 * where a throw would end the whole process, so they catch and report instead.
 */
export type ServerWriter = (doc: Y.Doc, reportFailure: (error: Error) => void) => () => void;

/**
 * Assigns `MA-0001`-style numbers to employees created without one (see employee-number.ts), and
 * renumbers duplicates: a number handed out just before a crash, but not stored, comes back from the
 * devices that received it after the restarted server may have given it to someone else.
 */
const keepEmployeeNumbersAssigned: ServerWriter = (doc, reportFailure) => {
  const assign = () => {
    try {
      doc.transact(() => orgDoc.assignEmployeeNumbers(doc), SERVER_ORIGIN);
    } catch (error) {
      reportFailure(error as Error);
    }
  };
  assign();
  const employees = orgDoc.employeesOf(doc);
  const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
    if (transaction.origin === SERVER_ORIGIN) return;
    const touchesNumbers = events.some((event) =>
      event.target === employees
        ? [...event.changes.keys.values()].some((change) => change.action === 'add')
        : event.path.length === 1 && (event as Y.YMapEvent<unknown>).keysChanged?.has('number'),
    );
    // Write after the client's transaction has finished, as a transaction of its own.
    if (touchesNumbers) queueMicrotask(assign);
  };
  employees.observeDeep(onChange);
  return () => employees.unobserveDeep(onChange);
};

export const serverWriters: Partial<Record<DocKind, ServerWriter[]>> = {
  org: [keepEmployeeNumbersAssigned],
};
