// Where a map tool is anchored (a measured end, the centre of range rings): an object, followed
// as it moves, or a fixed point.
import { geometryAnchor } from './geo.js';
import type { LiveObjects } from './live-objects.js';

/** An object (its anchor: the point itself, or its bbox centre) or a fixed point. */
export type MapAnchor = { objectId: string } | { lat: number; lon: number };

/** The map tool taking the map's clicks, if any: measuring, or placing range rings. */
export type MapTool = 'measure' | 'place-rings';

/** [lat, lon] of an anchor now; null for an object the store does not hold (any more). */
export function anchorPosition(store: LiveObjects, anchor: MapAnchor): [number, number] | null {
  if (!('objectId' in anchor)) return [anchor.lat, anchor.lon];
  const entry = store.get(anchor.objectId);
  const a = entry ? geometryAnchor(entry.obj.geom) : null;
  return a ? [a[1], a[0]] : null;
}
