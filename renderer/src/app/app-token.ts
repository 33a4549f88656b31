/**
 * The app token a headless page was opened with (`?token=`, kept by the WebSocket transport in
 * sessionStorage as 'tracker.token'), for URLs the browser itself loads: export downloads and
 * tiles. Inside Electron there is none and none is needed.
 */

/** The token, or '' when the page has none. */
export function appToken(win: Window = window): string {
  const fromUrl = new URLSearchParams(win.location.search).get('token');
  return fromUrl ?? win.sessionStorage?.getItem('tracker.token') ?? '';
}

/** `url` with `?token=` added when the page has a token and the URL has none. */
export function withAppToken(url: string, win: Window = window): string {
  const token = appToken(win);
  if (!token) return url;
  const u = new URL(url, win.location.href);
  if (!u.searchParams.has('token')) u.searchParams.set('token', token);
  return u.toString();
}
