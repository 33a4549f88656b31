/**
 * The map's geofence hooks: the fences layer kept in step with the fences given, and the draw tool
 * switched on while a draw session is given.
 */
import type L from 'leaflet';
import { useEffect, useRef, type RefObject } from 'react';
import { startDrawTool, type DrawToolOptions } from './layers/draw-tool.js';
import { createGeofenceLayer, type FenceShape, type GeofenceLayer } from './layers/geofence-layer.js';

type MapRef = RefObject<{ map: L.Map } | null>;

/** Draws `fences` on the mounted map (below the objects, which are canvases above the panes). */
export function useGeofenceLayer(mounted: MapRef, fences: readonly FenceShape[]): void {
  const layer = useRef<GeofenceLayer | null>(null);
  useEffect(() => {
    const map = mounted.current?.map;
    if (!map) return;
    const l = createGeofenceLayer();
    l.layer.addTo(map);
    layer.current = l;
    return () => {
      l.layer.remove();
      layer.current = null;
    };
  }, [mounted]);
  useEffect(() => layer.current?.setFences(fences), [fences]);
}

/** Runs the draw tool while `draw` is given; the callbacks are read when they fire. */
export function useDrawTool(mounted: MapRef, draw: DrawToolOptions | null): void {
  const callbacks = useRef(draw);
  useEffect(() => {
    callbacks.current = draw;
  });
  const active = draw !== null;
  useEffect(() => {
    const map = mounted.current?.map;
    if (!map || !active) return;
    return startDrawTool(map, {
      onFinish: (ring) => callbacks.current?.onFinish(ring),
      onCancel: () => callbacks.current?.onCancel(),
    });
  }, [mounted, active]);
}
