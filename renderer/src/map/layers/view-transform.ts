// The screen transform of Mercator world units for a map's current view, shared by drawing and hit testing.
import type L from 'leaflet';

/** Screen transform of Mercator world units for the map's current view. */
export interface ViewTransform {
  scale: number;
  ox: number;
  oy: number;
  width: number;
  height: number;
}

/** Computes the current view transform from the map (container pixels). */
export function viewTransform(map: L.Map): ViewTransform {
  const size = map.getSize();
  const scale = 256 * Math.pow(2, map.getZoom());
  const origin = map.latLngToContainerPoint([85.0511287798, -180]);
  return { scale, ox: origin.x, oy: origin.y, width: size.x, height: size.y };
}
