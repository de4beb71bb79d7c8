// Backup files on disk: written gzip'd under a temporary name and renamed when complete (so a folder
// never holds a half-written backup under a backup's name), read back line by line.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BackupFormatError } from './backup-format.ts';
import { backupFileName } from './backup-rotation.ts';

export type WrittenBackup = { file: string; bytes: number };

/**
 * Writes `text` (the backup's lines, in pieces) gzip'd into `dir` as workmate-backup-<local time>.wmbackup.
 * Backups hold password hashes and personal data: the file (and a folder created here) is for this user only.
 */
export async function writeBackupFile(text: AsyncIterable<string>, dir: string, at: Date): Promise<WrittenBackup> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = await freeName(dir, at);
  const partial = join(dir, `.${file}.partial`);
  try {
    await pipeline(text, createGzip(), createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
    // On disk before it counts as written: a USB stick pulled right after must not hold an empty file.
    const handle = await open(partial, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, join(dir, file));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { file: join(dir, file), bytes: (await stat(join(dir, file))).size };
}

async function freeName(dir: string, at: Date): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const name = backupFileName(at, attempt);
    const taken = await stat(join(dir, name)).then(
      () => true,
      () => false,
    );
    if (!taken) return name;
  }
}

/**
 * The lines of a backup file, unzipped. A file that is not gzip, or is cut off inside the compressed
 * stream, is refused with a BackupFormatError saying so.
 */
export async function* readBackupLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  const reading = pipeline(createReadStream(file), gunzip);
  // The loop below sees every error of the pipeline through `gunzip`; this only keeps it from being unhandled.
  reading.catch(() => {});
  let rest = '';
  let lines = 0;
  try {
    for await (const chunk of gunzip.setEncoding('utf8') as AsyncIterable<string>) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const line of parts) {
        lines++;
        yield line;
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'Z_BUF_ERROR' && code !== 'Z_DATA_ERROR') throw error;
    if (lines === 0) {
      throw new BackupFormatError('This file is not a Workmate OS backup (it is not gzip-compressed, or empty). Choose a file written by `npm run backup` (workmate-backup-….wmbackup).');
    }
    throw new BackupFormatError('This backup is incomplete or damaged: its compressed data ends early or is corrupt (cut off while it was written or copied?). Use another backup.');
    throw error;
  } finally {
    gunzip.destroy();
  }
  if (rest !== '') yield rest;
}
