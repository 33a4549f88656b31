/**
 * The `app://tracker/` protocol that serves dist/renderer inside Electron (no HTTP server): a
 * standard, secure scheme so the page gets a real origin, with the CSP header and no traversal.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { contentSecurityPolicy } from '../app/content-security-policy.js';
import { contentTypeFor, resolveInside } from '../app/static-files.js';
import { TILES_SCHEME_PRIVILEGES } from './tiles-protocol.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tracker';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of our own page (the sender check and navigation guard use it). */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  try {
    const u = new URL(url);
    // Compare scheme and host: `origin` of a non-special scheme is 'null' outside Electron.
    if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
    return devServerUrl !== undefined && u.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Must run before app.whenReady(): gives our schemes an origin, fetch and a secure context. All
 * privileged schemes are registered in this one call (a second call would replace the first).
 */
export function registerAppSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    TILES_SCHEME_PRIVILEGES,
  ]);
}

/** Serves `root` (dist/renderer) on app://tracker/; returns stop(). */
export function setupAppProtocol(root: string): () => void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file =
      url.host === APP_HOST ? resolveInside(root, url.pathname === '/' ? '/index.html' : url.pathname) : null;
    if (file === null) return new Response('Bad path.', { status: 400 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'Content-Type': contentTypeFor(file),
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found.', { status: 404 });
    }
  });
  return () => protocol.unhandle(APP_SCHEME);
}
