// Reads the configuration, starts the server, and stops it gracefully on SIGTERM/SIGINT.
import { ConfigError, readConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';
import { StartupError } from './startup-error.ts';

let config;
try {
  config = readConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const log = createLogger(config.logLevel);
const server = await startServer(config, log).catch((error: unknown) => {
  if (!(error instanceof StartupError)) throw error;
  console.error(error.message);
  process.exit(1);
});

log.info('listening', { url: server.url, port: server.port });
if (server.seed) {
  console.log(
    [
      '',
      'Demo company "Muster GmbH" created. Sign in with any of these (password for all):',
      ...server.seed.users.map((u) => `  ${u.email.padEnd(30)} ${u.roles.join(', ')}`),
      `  password: ${server.seed.password}`,
      '',
    ].join('\n'),
  );
}
console.log(`Workmate OS is running on ${server.url}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        log.error('shutdown failed', { error: error.message });
        process.exit(1);
      },
    );
  });
}
