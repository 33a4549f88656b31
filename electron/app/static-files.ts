/**
 * Serves the built renderer (dist/renderer) over the hub's HTTP (headless, and the desktop hub for a
 * browser): GET/HEAD only, correct content types, the CSP header, no directory traversal, and
 * index.html for app routes. Electron's app:// protocol reuses its path and content-type checks.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentSecurityPolicy } from './content-security-policy.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The content type for a file name (application/octet-stream when unknown). */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFilesOptions {
  /** The folder holding index.html (dist/renderer). */
  root: string;
  /** The CSP header value; defaults to contentSecurityPolicy(). */
  csp?: string;
}

/**
 * Resolves a URL path inside `root`, or returns null when it would leave it (`..`, encoded
 * separators, NUL bytes, absolute paths).
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((part) => part === '..')) return null;
  const resolved = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : null;
}

/**
 * Creates the handler. It answers GET/HEAD for any path outside /api/ and returns true when it
 * answered, false to let the caller continue (e.g. to a 404).
 */
export function createStaticFiles(options: StaticFilesOptions) {
  const root = path.resolve(options.root);
  const csp = options.csp ?? contentSecurityPolicy();
  let realRoot: string | undefined;

  const send = async (req: IncomingMessage, res: ServerResponse, file: string): Promise<boolean> => {
    realRoot ??= await realpath(root).catch(() => root);
    let real: string;
    try {
      real = await realpath(file);
      if (!(await stat(real)).isFile()) return false;
    } catch {
      return false;
    }
    // A symlink inside dist/renderer must not lead outside it.
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return false;
    const isIndex = path.basename(real) === 'index.html';
    res.writeHead(200, {
      'Content-Type': contentTypeFor(real),
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      // Hashed asset names may be cached; index.html must be revalidated to pick up a new build.
      'Cache-Control': isIndex ? 'no-cache' : 'public, max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((resolve) => {
      const stream = createReadStream(real);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
    return true;
  };

  return async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return false;
    const file = resolveInside(root, urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath);
    if (file === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad path.\n');
      return true;
    }
    if (await send(req, res, file)) return true;
    // App routes without a file extension fall back to the single page.
    if (path.extname(urlPath) === '') return send(req, res, path.join(root, 'index.html'));
    return false;
  };
}
