// Employee numbers (`MA-0001`). Only the sync server assigns them — when it first sees an employee
// record without a number — so two devices that each create an employee offline never collide: the
// numbers are handed out in the order the server receives the records. Until then the UI shows the
// record as "number pending".
const PREFIX = 'MA-';
const PATTERN = /^MA-(\d{4,})$/;

export function formatEmployeeNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`employee number must be a positive integer, got ${n}`);
  return PREFIX + String(n).padStart(4, '0');
}

/**
 * The numeric part of `MA-0042` (42), or null for anything that is not an employee number — including
 * digits beyond exact integers, which only a faulty or hostile device writes: counting on from them
 * would make formatEmployeeNumber throw in the server's numbering.
 */
export function parseEmployeeNumber(value: string): number | null {
  const match = PATTERN.exec(value);
  const n = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** The next free number after every number already used. */
export function nextEmployeeNumber(used: Iterable<string>): string {
  let max = 0;
  for (const value of used) {
    const n = parseEmployeeNumber(value);
    if (n !== null && n > max) max = n;
  }
  return formatEmployeeNumber(max + 1);
}

export type NumberedRecord = { id: string; number: string; createdAt: string };

/**
 * The numbers to write so that every record has one and no two share one: records without a number get
 * the next one after every number in use, in creation order. Two records can only share a number when
 * the server handed it out, was killed before storing it and handed it out again after the restart (the
 * devices that had received the first assignment bring it back). Then the record created first keeps
 * it and the others get the lowest numbers nobody holds — the number the crash left unused — so the
 * numbers stay gapless. Deterministic, so two servers repairing the same state write the same numbers.
 */
export function employeeNumberChanges(records: readonly NumberedRecord[]): Array<{ id: string; number: string }> {
  const ordered = [...records].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const held = new Set<number>();
  const duplicates: NumberedRecord[] = [];
  for (const record of ordered) {
    const n = parseEmployeeNumber(record.number);
    if (n === null) continue;
    if (held.has(n)) duplicates.push(record);
    else held.add(n);
  }
  const changes: Array<{ id: string; number: string }> = [];
  let lowest = 1;
  for (const record of duplicates) {
    while (held.has(lowest)) lowest++;
    held.add(lowest);
    changes.push({ id: record.id, number: formatEmployeeNumber(lowest) });
  }
  let highest = Math.max(0, ...held);
  for (const record of ordered) {
    if (record.number !== '') continue;
    changes.push({ id: record.id, number: formatEmployeeNumber(++highest) });
  }
  return changes;
}
