// `npm run seed` seeds an empty database with the demo company; `npm run seed -- --reset` first deletes
// every account and doc. Stop the server first when using the embedded database (it holds ./data).
import { readConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { PgDocStore } from '../persistence/pg-doc-store.ts';
import { openDatabase } from '../server.ts';
import { isEmpty, resetDatabase, seedDemoCompany } from './seed-database.ts';

const reset = process.argv.includes('--reset');
const config = readConfig();
const log = createLogger(config.logLevel);
const database = await openDatabase(config, log);
try {
  if (reset) await resetDatabase(database.db);
  if (!(await isEmpty(database.db))) {
    console.error('The database already has accounts. Run `npm run seed -- --reset` to replace everything with the demo company.');
    process.exitCode = 1;
  } else {
    const store = new PgDocStore(database.db, { compactAfter: config.compactAfterUpdates });
    const result = await seedDemoCompany(database.db, store);
    await store.close();
    console.log(`Seeded Muster GmbH. Sign in as ${result.users.map((u) => u.email).join(', ')} with password ${result.password}`);
  }
} finally {
  await database.close();
}
