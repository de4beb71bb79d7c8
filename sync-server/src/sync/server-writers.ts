// Fields only the server writes, per doc kind. Each writer runs once when a room opens and then keeps
// watching the doc; it returns a function that stops it.
import type * as Y from 'yjs';
import { orgDoc, type DocKind } from '@workmate/sync-protocol';
import { SERVER_ORIGIN } from './room.ts';

type ServerWriter = (doc: Y.Doc) => () => void;

/** Assigns `MA-0001`-style numbers to employees created without one (see employee-number.ts). */
const keepEmployeeNumbersAssigned: ServerWriter = (doc) => {
  const assign = () => doc.transact(() => orgDoc.assignMissingEmployeeNumbers(doc), SERVER_ORIGIN);
  assign();
  const employees = orgDoc.employeesOf(doc);
  const onChange = (event: Y.YMapEvent<orgDoc.RecordMap>) => {
    if (event.transaction.origin === SERVER_ORIGIN) return;
    const added = [...event.changes.keys.values()].some((change) => change.action === 'add');
    // Write after the client's transaction has finished, as a transaction of its own.
    if (added) queueMicrotask(assign);
  };
  employees.observe(onChange);
  return () => employees.unobserve(onChange);
};

export const serverWriters: Partial<Record<DocKind, ServerWriter[]>> = {
  org: [keepEmployeeNumbersAssigned],
};
