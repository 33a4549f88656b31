/**
 * Electron checklist guards for every webContents: no navigation away from our page, no new
 * windows or webviews, permission requests denied, the CSP header on every response, and
 * `shell.openExternal` only for http(s) links the user opened (target=_blank), at most one a second.
 */
import { app, session, shell } from 'electron';
import type { Logger } from '../contract/logger.js';
import { contentSecurityPolicy } from '../app/content-security-policy.js';

export interface SecurityOptions {
  isAppUrl(url: string): boolean;
  /** The Vite dev server origin in `npm run dev` (its HMR socket and inline preamble need allowing). */
  devServerUrl?: string;
  log: Pick<Logger, 'warn'>;
}

/** True for the only URLs we hand to the OS browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Installs the guards; call once, before app.whenReady(). */
export function setupSecurity(options: SecurityOptions): void {
  const { log } = options;
  let lastExternalOpen = 0;

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (options.isAppUrl(url)) return;
      event.preventDefault();
      log.warn('Blocked a navigation away from the app.', { url: url.slice(0, 200) });
    });
    contents.on('will-redirect', (event, url) => {
      if (!options.isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      // A link with target=_blank: open http(s) in the user's browser, never inside the app.
      const now = Date.now();
      if (isExternalWebUrl(url) && now - lastExternalOpen > 1000) {
        lastExternalOpen = now;
        void shell.openExternal(url);
      } else {
        log.warn('Blocked a new window.', { url: url.slice(0, 200) });
      }
      return { action: 'deny' };
    });
  });

  // The session exists only once the app is ready; this runs before the window is created.
  void app.whenReady().then(() => guardSession(options));
}

function guardSession(options: SecurityOptions): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  const dev = options.devServerUrl ? new URL(options.devServerUrl) : undefined;
  const csp = dev
    ? contentSecurityPolicy({ extraConnect: [`ws://${dev.host}`], extraScript: ["'unsafe-inline'"] })
    : contentSecurityPolicy();
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}
