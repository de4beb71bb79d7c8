// `npm run create-admin`: the first admin account of an empty production database (SEED_DEMO=false).
// Email, name and password come from --email/--name/--password, else ADMIN_EMAIL/ADMIN_NAME/ADMIN_PASSWORD,
// else a prompt (the password hidden, asked twice). Uses DATABASE_URL like the server; see docs/deploy.md.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../server.ts';
import { createFirstAdmin, FirstAdminError } from './first-admin.ts';
import { promptHidden } from './prompt-hidden.ts';

const { values: args } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  allowPositionals: false,
});
const interactive = process.stdin.isTTY === true;

async function ask(question: string, fallback?: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question(fallback ? `${question} [${fallback}]: ` : `${question}: `)).trim();
    return answer || fallback || '';
  } finally {
    rl.close();
  }
}

async function askPassword(): Promise<string> {
  for (;;) {
    const password = await promptHidden('Password (at least 10 characters): ');
    if ((await promptHidden('Password again: ')) === password) return password;
    console.error('The two passwords differ; type them again.');
  }
}

function missing(what: string, flag: string, env: string): never {
  console.error(`No ${what} given: pass ${flag} or set ${env} (or run the command in a terminal to be asked).`);
  process.exit(2);
}

const email = args.email ?? process.env.ADMIN_EMAIL ?? (interactive ? await ask('Email of the first admin') : missing('email', '--email', 'ADMIN_EMAIL'));
const name = args.name ?? process.env.ADMIN_NAME ?? (interactive ? await ask('Name', 'Administrator') : 'Administrator');
const password = args.password ?? process.env.ADMIN_PASSWORD ?? (interactive ? await askPassword() : missing('password', '--password', 'ADMIN_PASSWORD'));

const config = readConfig();
const database = await openDatabase(config, createLogger(config.logLevel));
try {
  const result = await createFirstAdmin(database.db, { email, name, password });
  if (result.rolesCreated.length > 0) console.log(`Created the default roles: ${result.rolesCreated.join(', ')}.`);
  console.log(`Created the admin account ${email}. Sign in with it and add everybody else under Verwaltung › Benutzer.`);
} catch (error) {
  if (!(error instanceof FirstAdminError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
