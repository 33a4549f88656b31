/**
 * The Content-Security-Policy for the renderer, sent as a header by the hub's static server and
 * by Electron's `app://` protocol (the page's meta tag applies as well; both must allow a load).
 */

/** Directives shared by both hosts; `extraConnect` adds sources such as a dev server's ws URL. */
export function contentSecurityPolicy(options: { extraConnect?: string[]; extraScript?: string[] } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(options.extraScript ?? [])],
    // Leaflet positions tiles and markers with inline style attributes.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'tiles:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.extraConnect ?? [])],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
