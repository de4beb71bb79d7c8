// Which database `npm run backup` and `npm run restore` work on, said in words, and whether the embedded
// one exists yet.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';

/** "the embedded database in /srv/workmate/data" or "the database postgres://workmate:****@db/workmate". */
export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `the embedded database in ${resolve(config.dataDir)}`;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = '****';
  return `the database ${url.toString()}`;
}

/** Whether DATA_DIR holds an embedded database (a server has started on it at least once). */
export const hasEmbeddedDatabase = (dataDir: string): boolean => existsSync(join(dataDir, 'pglite', 'PG_VERSION'));
