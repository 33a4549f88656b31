/**
 * The app token a headless page was opened with (`?token=`, kept by the WebSocket transport in
 * sessionStorage as 'tracker.token'), for URLs the browser itself loads: export downloads and
 * tiles; and the reload with a new one after "Rotate access key". Inside Electron there is none
 * and none is needed.
 */
import { TOKEN_STORAGE_KEY } from '../api/ws-transport.js';

/** The token, or '' when the page has none. */
export function appToken(win: Window = window): string {
  const fromUrl = new URLSearchParams(win.location.search).get('token');
  return fromUrl ?? win.sessionStorage?.getItem(TOKEN_STORAGE_KEY) ?? '';
}

/** `url` with `?token=` added when the page has a token and the URL has none. */
export function withAppToken(url: string, win: Window = window): string {
  const token = appToken(win);
  if (!token) return url;
  const u = new URL(url, win.location.href);
  if (!u.searchParams.has('token')) u.searchParams.set('token', token);
  return u.toString();
}

/** Keeps `token` for this tab and reloads the page with it in its URL (after a key rotation). */
export function reloadWithToken(token: string, win: Window = window): void {
  // Stored first: the transport's reconnects and key checks before the reload use it.
  win.sessionStorage?.setItem(TOKEN_STORAGE_KEY, token);
  const url = new URL(win.location.href);
  url.searchParams.set('token', token);
  win.location.replace(url.toString());
}
