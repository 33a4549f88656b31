/**
 * A tiny method + path-pattern router (`/api/objects/:id`) for the hub's REST routes and the routes
 * other modules add through `hub.addRoute` (static files, exports).
 */
import type { RouteHandler, RouteOptions } from './types.js';

interface Route {
  method: string;
  parts: string[];
  /** A trailing `*` matches the rest of the path (static files). */
  wildcard: boolean;
  handler: RouteHandler;
  options: Required<RouteOptions>;
}

export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
  options: Required<RouteOptions>;
}

/** Creates an empty router; later routes never shadow earlier ones. */
export function createRouter() {
  const routes: Route[] = [];

  function add(method: string, pattern: string, handler: RouteHandler, options: RouteOptions = {}): void {
    if (!pattern.startsWith('/')) throw new Error(`Route pattern '${pattern}' must start with '/'.`);
    const wildcard = pattern.endsWith('*');
    const parts = split(wildcard ? pattern.slice(0, -1) : pattern);
    routes.push({ method: method.toUpperCase(), parts, wildcard, handler, options: { auth: options.auth ?? 'app' } });
  }

  /** The route for this method and path; `'method'` when the path exists under another method only. */
  function match(method: string, pathname: string): RouteMatch | 'method' | null {
    const segs = split(pathname);
    let pathMatched = false;
    for (const r of routes) {
      const params = matchParts(r, segs);
      if (!params) continue;
      pathMatched = true;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) {
        return { handler: r.handler, params, options: r.options };
      }
    }
    return pathMatched ? 'method' : null;
  }

  return { add, match };
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchParts(r: Route, segs: string[]): Record<string, string> | null {
  if (r.wildcard ? segs.length < r.parts.length : segs.length !== r.parts.length) return null;
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i < r.parts.length; i++) {
    const p = r.parts[i]!;
    let s: string;
    try {
      s = decodeURIComponent(segs[i]!);
    } catch {
      return null;
    }
    if (p.startsWith(':')) params[p.slice(1)] = s;
    else if (p !== s) return null;
  }
  if (r.wildcard) params['*'] = segs.slice(r.parts.length).join('/');
  return params;
}
