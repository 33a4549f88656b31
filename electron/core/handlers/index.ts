/**
 * Merges the per-domain handler slices into one map for the dispatcher; a method handled twice
 * fails at start-up rather than silently shadowing another.
 */
import type { Handlers } from '../dispatch/dispatcher.js';

type Slice = Record<string, (params: never, ctx: never) => Promise<unknown>>;

/** Merges slices; throws when two slices handle the same method. */
export function mergeHandlers(...slices: Slice[]): Partial<Handlers> {
  const merged: Record<string, Slice[string]> = Object.create(null) as Record<string, Slice[string]>;
  for (const slice of slices) {
    for (const [name, handler] of Object.entries(slice)) {
      if (name in merged) throw new Error(`Handler for method '${name}' is registered twice.`);
      merged[name] = handler;
    }
  }
  return merged as Partial<Handlers>;
}

export { createAppHandlers, collectAppStats, type AppHandlers, type AppHandlersDeps, type HubStatus } from './app.js';
export { createObjectsHandlers, type ObjectsHandlers, type ObjectsHandlersDeps } from './objects.js';
export { createSourcesHandlers, type SourcesHandlers, type SourcesHandlersDeps } from './sources.js';
export { createViewsHandlers, type ViewsHandlers, type ViewsHandlersDeps } from './views.js';
