// The daily backup a server on the embedded database takes by itself: into BACKUP_DIR, one a day (the
// first a minute after start unless one was taken today), keeping the newest BACKUP_KEEP. A failure is
// logged and tried again an hour later; it never stops the server.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { writeBackupFile, type WrittenBackup } from './backup-file.ts';
import { backupsToDelete, nextBackupDelay } from './backup-rotation.ts';
import { connectFromPool, dumpDatabase } from './dump.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export type BackupScheduleOptions = {
  dir: string;
  /** How many backups to keep in `dir`; older ones are deleted after each new one. */
  keep: number;
  log: Logger;
  /** Writes one backup into `dir`; stops early when `signal` aborts. */
  backUp: (dir: string, signal: AbortSignal) => Promise<WrittenBackup>;
  firstDelayMs?: number;
  intervalMs?: number;
  retryDelayMs?: number;
  now?: () => Date;
};

export class BackupSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  private readonly firstDelayMs: number;
  private readonly intervalMs: number;
  private readonly retryDelayMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: BackupScheduleOptions) {
    this.firstDelayMs = options.firstDelayMs ?? MINUTE_MS;
    this.intervalMs = options.intervalMs ?? DAY_MS;
    this.retryDelayMs = options.retryDelayMs ?? 60 * MINUTE_MS;
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.running = (async () => {
      const names = await readdir(this.options.dir).catch(() => []);
      this.after(nextBackupDelay({ names, now: this.now(), firstDelayMs: this.firstDelayMs, intervalMs: this.intervalMs }));
    })();
  }

  /** No further backups; one under way is abandoned (its partial file removed). Resolves when it has stopped. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  private after(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => (this.running = this.backUpNow()), delayMs);
    // A pending backup must not keep a stopping process alive.
    this.timer.unref();
  }

  private async backUpNow(): Promise<void> {
    const { dir, log } = this.options;
    const started = Date.now();
    log.info('backup started', { dir });
    try {
      const { file, bytes } = await this.options.backUp(dir, this.stopping.signal);
      log.info('backup written', { file, bytes, ms: Date.now() - started });
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      log.error('backup failed; trying again in an hour', { dir, error: (error as Error).message, ms: Date.now() - started });
      return this.after(this.retryDelayMs);
    }
    await this.deleteOld();
    this.after(this.intervalMs);
  }

  private async deleteOld(): Promise<void> {
    const { dir, keep, log } = this.options;
    try {
      const old = backupsToDelete(await readdir(dir), keep);
      for (const name of old) await rm(join(dir, name), { force: true });
      if (old.length > 0) log.info('old backups deleted', { dir, files: old, keep });
    } catch (error) {
      log.error('could not delete old backups', { dir, error: (error as Error).message });
    }
  }
}

/** Starts the daily backups of a server on the embedded database, on its own pool; null when BACKUP_KEEP is 0. */
export function startDailyBackups(
  pool: pg.Pool,
  { backupDir, backupKeep, backupFirstDelayMs }: Pick<Config, 'backupDir' | 'backupKeep' | 'backupFirstDelayMs'>,
  log: Logger,
): BackupSchedule | null {
  if (backupKeep === 0) return null;
  const schedule = new BackupSchedule({
    dir: backupDir,
    keep: backupKeep,
    log,
    firstDelayMs: backupFirstDelayMs,
    backUp: (dir, signal) => writeBackupFile(dumpDatabase(connectFromPool(pool), { sharedWithServer: true, signal }), dir, new Date()),
  });
  schedule.start();
  return schedule;
}
