// The JavaScript a browser loads before the app shell runs, gzip-compressed: the scripts build/index.html
// imports or modulepreloads, plus everything they import statically (dynamic imports — routes opened
// later — are not counted). Builds the app first if build/ is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export type InitialJsResult = { files: number; rawBytes: number; gzipBytes: number; builtNow: boolean };

const root = resolve(import.meta.dirname, '../..');
const buildDir = join(root, 'build');

/** Script URLs named in the HTML: modulepreload links, <script src>, and import("...") in inline scripts. */
export function entryScripts(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    if (href) found.add(href);
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)) found.add(m[1]!);
  for (const m of html.matchAll(/\bimport\(\s*["']([^"']+\.js)["']\s*\)/g)) found.add(m[1]!);
  return [...found];
}

/** Relative specifiers of a minified module's static imports and re-exports. */
export function staticImports(code: string): string[] {
  const specifiers = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) specifiers.add(m[1]!);
  return [...specifiers];
}

export function measureInitialJs(): InitialJsResult {
  let builtNow = false;
  if (!existsSync(join(buildDir, 'index.html'))) {
    console.log('build/ is missing: running `npm run build` first …');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    builtNow = true;
  }
  const html = readFileSync(join(buildDir, 'index.html'), 'utf8');
  const queue = entryScripts(html).map((url) => join(buildDir, url.replace(/^\//, '')));
  const seen = new Set<string>();
  let rawBytes = 0;
  let gzipBytes = 0;
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    if (!existsSync(file)) throw new Error(`${relative(root, file)} is referenced but missing; rebuild with \`npm run build\``);
    seen.add(file);
    const code = readFileSync(file);
    rawBytes += code.byteLength;
    gzipBytes += gzipSync(code, { level: 9 }).byteLength;
    for (const spec of staticImports(code.toString('utf8'))) queue.push(resolve(dirname(file), spec));
  }
  return { files: seen.size, rawBytes, gzipBytes, builtNow };
}
