// Makes the server's writes to the update log (`doc_updates`) stall, from a connection of the test's own:
// a table lock held in an open transaction (inserts wait until it is released), or a trigger that makes
// every insert fail (the server retries until it is dropped). Tests of "confirmed only once stored" use it.
import pg from 'pg';
import { waitFor } from './wait-for.ts';

export type DocUpdatesLock = {
  /** Commits the locking transaction: the waiting inserts go ahead. */
  release(): Promise<void>;
};

/** Holds ACCESS EXCLUSIVE on doc_updates until `release`: no insert (and no read) of the log gets through. */
export async function lockDocUpdates(databaseUrl: string): Promise<DocUpdatesLock> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'test-doc-updates-lock' });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE doc_updates IN ACCESS EXCLUSIVE MODE');
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Waits until an insert into doc_updates is blocked by a lock: the server has received the edit and is writing it. */
export async function untilAnInsertWaitsForTheLock(databaseUrl: string, timeoutMs = 20_000): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await waitFor(
      async () => {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO doc_updates%'`,
        );
        return rows[0]!.n > 0;
      },
      { timeoutMs, intervalMs: 50, what: 'the server’s insert into doc_updates to wait for the lock' },
    );
  } finally {
    await client.end();
  }
}

export type RefusedDocUpdates = {
  /** How many inserts the trigger has refused so far (a sequence: it counts even in rolled-back transactions). */
  attempts(): Promise<number>;
  /** Drops the trigger: the server's next retry stores the updates. */
  allow(): Promise<void>;
};

/** Makes every insert into doc_updates fail until `allow`. */
export async function refuseDocUpdates(databaseUrl: string): Promise<RefusedDocUpdates> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'test-doc-updates-refusal' });
  await client.connect();
  await client.query(`
    CREATE SEQUENCE test_refused_doc_updates;
    CREATE FUNCTION test_refuse_doc_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM nextval('test_refused_doc_updates');
        RAISE EXCEPTION 'doc_updates refused by the test';
      END $$;
    CREATE TRIGGER test_refuse_doc_update BEFORE INSERT ON doc_updates FOR EACH ROW EXECUTE FUNCTION test_refuse_doc_update();
  `);
  let allowed = false;
  return {
    async attempts() {
      const { rows } = await client.query<{ n: string }>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM test_refused_doc_updates');
      return Number(rows[0]!.n);
    },
    async allow() {
      if (allowed) return;
      allowed = true;
      await client.query(`
        DROP TRIGGER test_refuse_doc_update ON doc_updates;
        DROP FUNCTION test_refuse_doc_update();
        DROP SEQUENCE test_refused_doc_updates;
      `);
      await client.end();
    },
  };
}
