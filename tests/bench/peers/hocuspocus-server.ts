// @hocuspocus/server with its default configuration (debounced stores: 2 s, at the latest 10 s), in
// memory, or with @hocuspocus/extension-database keeping each doc's full state in a Postgres table of
// its own when BENCH_PG_URL is set. Announces its port on stdout for the benchmark.
import { Server } from '@hocuspocus/server';
import { Database } from '@hocuspocus/extension-database';
import pg from 'pg';

const url = process.env.BENCH_PG_URL;
const extensions = [];
if (url) {
  const pool = new pg.Pool({ connectionString: url });
  await pool.query('CREATE TABLE IF NOT EXISTS hocuspocus_documents (name text PRIMARY KEY, data bytea NOT NULL)');
  extensions.push(
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM hocuspocus_documents WHERE name = $1', [documentName]);
        return rows[0] ? new Uint8Array(rows[0].data) : null;
      },
      store: async ({ documentName, state }) => {
        await pool.query(
          'INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data',
          [documentName, state],
        );
      },
    }),
  );
}

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, extensions });
await server.listen();
console.log(`peer listening on ${server.address.port}`);
