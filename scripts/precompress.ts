// A Vite plugin that writes brotli (`.br`) and gzip (`.gz`) copies of the built web app's text files next
// to them, at maximum compression, once per build — the server then sends them as they are
// (sync-server/src/static-app.ts) instead of compressing on every request.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const PRECOMPRESSED_EXTENSIONS = ['.js', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt'];
/** Smaller files gain a few hundred bytes at most; not worth a second and third file. */
export const PRECOMPRESS_MIN_BYTES = 1024;

export type PrecompressSummary = { files: number; rawBytes: number; brotliBytes: number; gzipBytes: number };

/** Writes `<file>.br` and `<file>.gz` for every text file of `dir` (recursively) of at least PRECOMPRESS_MIN_BYTES. */
export async function precompressDirectory(dir: string): Promise<PrecompressSummary> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && PRECOMPRESSED_EXTENSIONS.includes(extname(entry.name)))
    .map((entry) => join(entry.parentPath, entry.name));
  const summary: PrecompressSummary = { files: 0, rawBytes: 0, brotliBytes: 0, gzipBytes: 0 };
  // All at once: zlib runs on libuv's thread pool, which bounds the parallelism by itself.
  await Promise.all(
    files.map(async (file) => {
      const raw = await readFile(file);
      if (raw.byteLength < PRECOMPRESS_MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.byteLength,
          },
        }),
        gzipAsync(raw, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
      summary.files += 1;
      summary.rawBytes += raw.byteLength;
      summary.brotliBytes += br.byteLength;
      summary.gzipBytes += gz.byteLength;
    }),
  );
  return summary;
}

/**
 * `dir`: the adapter's output folder, relative to the Vite root. SvelteKit runs its adapter (which writes
 * that folder, service worker included) when its server build closes; this runs after it.
 */
export function precompress({ dir }: { dir: string }): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'workmate:precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        if (!config.build.ssr) return; // Kit's client build: the adapter has not written `dir` yet.
        const s = await precompressDirectory(resolve(config.root, dir));
        const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
        config.logger.info(`precompressed ${s.files} files in ${dir}/: ${kb(s.rawBytes)} → brotli ${kb(s.brotliBytes)}, gzip ${kb(s.gzipBytes)}`);
      },
    },
  };
}
