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

/** The numeric part of `MA-0042` (42), or null for anything that is not an employee number. */
export function parseEmployeeNumber(value: string): number | null {
  const match = PATTERN.exec(value);
  return match ? Number(match[1]) : null;
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
