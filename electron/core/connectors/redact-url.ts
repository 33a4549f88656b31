/**
 * Shortens a feed URL for messages and logs: no user info and no query (which may carry a token).
 */

/** `ws://user:pw@host/path?token=x` → `ws://host/path`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'the feed';
  }
}
