// The window's live object store (one subscription's objects, applied once per frame) as a context.
import type { LiveObjects } from '../state/live-objects.js';
import { createRequiredContext } from './required-context.js';

/** Provides the live store; `useLiveObjects()` reads it. */
export const [LiveObjectsContext, useLiveObjects] = createRequiredContext<LiveObjects>('LiveObjectsContext');
