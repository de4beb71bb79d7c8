// Checks the promise of server-assigned employee numbers: every employee has one, no two share one, and
// together they are MA-0001 … MA-n without a gap.
import type * as Y from 'yjs';
import { orgDoc } from '@workmate/sync-protocol';
import { parseEmployeeNumber } from '@workmate/domain/org';

/** What is wrong with the org doc's employee numbers; empty when they are unique and gapless. */
export function employeeNumberProblems(doc: Y.Doc): string[] {
  const employees = orgDoc.listEmployees(doc);
  const problems: string[] = [];
  const holders = new Map<number, string[]>();
  for (const e of employees) {
    const n = parseEmployeeNumber(e.number);
    if (n === null) {
      problems.push(`employee ${e.id} (${e.lastName}) has no number ("${e.number}")`);
      continue;
    }
    holders.set(n, [...(holders.get(n) ?? []), e.id]);
  }
  for (const [n, ids] of holders) if (ids.length > 1) problems.push(`number ${n} is held by ${ids.length} employees: ${ids.join(', ')}`);
  for (let n = 1; n <= employees.length; n++) if (!holders.has(n) && holders.size > 0) problems.push(`number ${n} is missing (gap)`);
  return problems;
}
