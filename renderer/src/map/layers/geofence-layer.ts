/**
 * Geofences on the map: each fence an outlined, lightly filled polygon with its name in the middle.
 * A fence that crosses the antimeridian is drawn as one continuous shape (longitudes past ±180)
 * plus a copy one world over, so it shows whole on either side of the 180° line.
 */
import L from 'leaflet';
import type { Position } from 'geojson';
import type { Geofence, GeofenceGeometry } from '../../../../electron/contract/methods/rules.js';
import { unwrapRing } from './antimeridian.js';
import './geofence-layer.css';

/** One polygon as Leaflet rings of [lat, lon] (outer ring first). */
export type LatLngPolygon = [number, number][][];

/** Shifts a ring by whole turns so its first longitude is within 180° of `lon`. */
function nearLon(ring: Position[], lon: number): Position[] {
  const first = ring[0]?.[0];
  if (first === undefined) return ring;
  const turns = Math.round((lon - first) / 360);
  return turns === 0 ? ring : ring.map((p) => [p[0]! + turns * 360, p[1]!]);
}

/**
 * The polygons to draw for a fence: rings unwrapped to continuous longitudes (holes kept next to
 * their outer ring), and for a polygon reaching past ±180 a copy shifted by 360° the other way.
 */
export function fencePolygons(geometry: GeofenceGeometry): LatLngPolygon[] {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out: LatLngPolygon[] = [];
  for (const poly of polys) {
    const outer = unwrapRing(poly[0] ?? []);
    const anchor = outer[0]?.[0] ?? 0;
    const rings = [outer, ...poly.slice(1).map((r) => nearLon(unwrapRing(r), anchor))];
    const lons = outer.map((p) => p[0]!);
    const shifts = [0];
    if (Math.max(...lons) > 180) shifts.push(-360);
    if (Math.min(...lons) < -180) shifts.push(360);
    for (const shift of shifts) out.push(rings.map((r) => r.map((p) => [p[1]!, p[0]! + shift] as [number, number])));
  }
  return out;
}

/** What the layer draws of a fence. */
export type FenceShape = Pick<Geofence, 'name' | 'geometry'>;

/** The fences layer: `setFences` replaces what it draws. */
export interface GeofenceLayer {
  readonly layer: L.LayerGroup;
  setFences(fences: readonly FenceShape[]): void;
}

/** Creates the (empty) fences layer; add `layer` to the map. */
export function createGeofenceLayer(): GeofenceLayer {
  const layer = L.layerGroup();
  return {
    layer,
    setFences(fences) {
      layer.clearLayers();
      for (const fence of fences) {
        const polygon = L.polygon(fencePolygons(fence.geometry), {
          className: 'geofence-shape',
          color: '#d9480f',
          weight: 2,
          dashArray: '6 4',
          fillColor: '#fd7e14',
          fillOpacity: 0.08,
          interactive: false,
        });
        polygon.bindTooltip(fence.name, { permanent: true, direction: 'center', className: 'geofence-label' });
        layer.addLayer(polygon);
      }
    },
  };
}
