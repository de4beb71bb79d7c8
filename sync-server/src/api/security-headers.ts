// Security headers on every response: the CSP of the built app, no MIME sniffing, no referrer to other
// sites, no powerful browser features, no framing, and HSTS when the public origin is https.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MiddlewareHandler } from 'hono';
import { contentSecurityPolicy } from './content-security-policy.ts';

const permissionsPolicy = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()';

/** The compiled JavaScript of the build (its templates may carry static style attributes). */
function compiledScripts(root: string): string[] {
  try {
    return readdirSync(join(root, '_app', 'immutable'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(root, '_app', 'immutable', file), 'utf8'));
  } catch {
    return [];
  }
}

export function securityHeaders({ staticDir, publicOrigin }: { staticDir: string; publicOrigin: string | undefined }): MiddlewareHandler {
  const root = resolve(staticDir);
  const shellPath = join(root, 'index.html');
  let cached: { mtimeMs: number; csp: string } | null = null;

  /** Recomputed when index.html changes (a rebuild while the server runs). */
  const csp = (): string => {
    let mtimeMs = -1;
    try {
      mtimeMs = statSync(shellPath).mtimeMs;
    } catch {
      // Not built: the policy still applies, without inline hashes.
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const html = mtimeMs >= 0 ? readFileSync(shellPath, 'utf8') : null;
      cached = { mtimeMs, csp: contentSecurityPolicy(html, html ? compiledScripts(root) : []) };
    }
    return cached.csp;
  };

  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', csp());
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Permissions-Policy', permissionsPolicy);
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (publicOrigin?.startsWith('https:')) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  };
}
