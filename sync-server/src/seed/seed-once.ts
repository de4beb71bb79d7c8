// Seeds the demo company into an empty database exactly once, also when several instances start on the
// same empty database at the same moment (docker compose with replicas): the check and the seed run under
// an advisory lock, so the second instance finds the company already there.
import pg from 'pg';
import { singleConnectionUrl } from '../db/pool.ts';
import type { DocStore } from '../persistence/doc-store.ts';
import { isEmpty, seedDemoCompany, type SeedResult } from './seed-database.ts';

const SEED_LOCK = 'workmate:seed-demo-company';

/** `databaseUrl` undefined = the embedded database, which only one instance opens: no lock needed. */
export async function seedDemoCompanyIfEmpty(db: pg.Pool, store: DocStore, databaseUrl: string | undefined): Promise<SeedResult | null> {
  if (!databaseUrl) return (await isEmpty(db)) ? seedDemoCompany(db, store) : null;
  // A connection of its own: the seed itself borrows pool connections while the lock is held.
  const lock = new pg.Client({ connectionString: singleConnectionUrl(databaseUrl), application_name: 'workmate-seed-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [SEED_LOCK]);
    return (await isEmpty(db)) ? await seedDemoCompany(db, store) : null;
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}
