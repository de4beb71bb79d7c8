import { describe, expect, it } from 'vitest';
import { backupFileName, backupTimeOf, backupsToDelete, nextBackupDelay } from './backup-rotation.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('backup file names', () => {
  it('name the local date and time, and read back to the same second', () => {
    const at = new Date(2026, 11, 7, 14, 30, 5, 250);
    expect(backupFileName(at)).toBe('workmate-backup-2026-12-07-143005.wmbackup');
    expect(backupFileName(at, 2)).toBe('workmate-backup-2026-12-07-143005-2.wmbackup');
    expect(backupTimeOf(backupFileName(at))).toEqual(new Date(2026, 11, 7, 14, 30, 5));
    expect(backupTimeOf(backupFileName(at, 2))).toEqual(new Date(2026, 11, 7, 14, 30, 5));
  });

  it('are told apart from other files', () => {
    for (const name of ['notes.txt', 'workmate-backup-2026-12-07.wmbackup', '.workmate-backup-2026-12-07-143005.wmbackup.partial', 'workmate-backup-2026-13-07-143005.wmbackup']) {
      expect(backupTimeOf(name)).toBeNull();
    }
  });
});

describe('backupsToDelete', () => {
  const names = [
    'workmate-backup-2026-12-05-090000.wmbackup',
    'README.txt',
    'workmate-backup-2026-12-07-090000.wmbackup',
    'workmate-backup-2026-11-30-090000.wmbackup',
    'workmate-backup-2026-12-06-090000.wmbackup',
  ];

  it('keeps the newest ones and lists the rest, oldest first, never other files', () => {
    expect(backupsToDelete(names, 2)).toEqual(['workmate-backup-2026-11-30-090000.wmbackup', 'workmate-backup-2026-12-05-090000.wmbackup']);
    expect(backupsToDelete(names, 14)).toEqual([]);
  });
});

describe('nextBackupDelay', () => {
  const now = new Date(2026, 11, 7, 10, 0, 0);
  const options = { now, firstDelayMs: MINUTE, intervalMs: DAY };

  it('backs up a minute after start when there is no backup from today', () => {
    expect(nextBackupDelay({ ...options, names: [] })).toBe(MINUTE);
    expect(nextBackupDelay({ ...options, names: ['workmate-backup-2026-12-06-230000.wmbackup'] })).toBe(MINUTE);
  });

  it('waits until a day after today’s backup', () => {
    expect(nextBackupDelay({ ...options, names: ['workmate-backup-2026-12-07-080000.wmbackup', 'workmate-backup-2026-12-06-080000.wmbackup'] })).toBe(
      DAY - 2 * 60 * MINUTE,
    );
  });
});
