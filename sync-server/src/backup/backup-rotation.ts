// Names of backup files (local time, so they sort by when they were taken), which of them the daily
// schedule deletes, and when it takes the next one. Pure.

export const BACKUP_EXTENSION = '.wmbackup';
const BACKUP_NAME = /^workmate-backup-(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?\.wmbackup$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `workmate-backup-2026-12-07-143005.wmbackup`; `attempt` > 0 adds `-<attempt>` for a second backup in the same second. */
export function backupFileName(at: Date, attempt = 0): string {
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  const time = `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `workmate-backup-${day}-${time}${attempt > 0 ? `-${attempt}` : ''}${BACKUP_EXTENSION}`;
}

/** When the backup of that name was taken (local time), or null for a name that is not a backup's. */
export function backupTimeOf(name: string): Date | null {
  const match = BACKUP_NAME.exec(name);
  if (!match) return null;
  const [year, month, day, hours, minutes, seconds] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const at = new Date(year, month - 1, day, hours, minutes, seconds);
  // Date rolls a 13th month or a 61st second over into the next one; such a name is not ours.
  const exact = at.getMonth() === month - 1 && at.getDate() === day && at.getHours() === hours && at.getMinutes() === minutes && at.getSeconds() === seconds;
  return exact ? at : null;
}

/** Backups among `names`, oldest first (other files are left out). */
export function backupsOldestFirst(names: readonly string[]): string[] {
  return names
    .map((name) => ({ name, at: backupTimeOf(name) }))
    .filter((b): b is { name: string; at: Date } => b.at !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name))
    .map((b) => b.name);
}

/** The backups to delete so that the newest `keep` remain. Files that are not backups are never listed. */
export function backupsToDelete(names: readonly string[], keep: number): string[] {
  const backups = backupsOldestFirst(names);
  return backups.slice(0, Math.max(0, backups.length - keep));
}

const sameLocalDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/**
 * How long to wait before the next daily backup, given the backups in the folder: `firstDelayMs` (a short
 * while after start) unless one was taken today; then until a day after that one.
 */
export function nextBackupDelay({ names, now, firstDelayMs, intervalMs }: { names: readonly string[]; now: Date; firstDelayMs: number; intervalMs: number }): number {
  const newest = backupsOldestFirst(names).at(-1);
  const newestAt = newest ? backupTimeOf(newest)! : null;
  if (!newestAt || !sameLocalDay(newestAt, now)) return firstDelayMs;
  return Math.max(firstDelayMs, newestAt.getTime() + intervalMs - now.getTime());
}
