/**
 * The map's view in the page URL as `#map=zoom/lat/lon`, openstreetmap.org's convention: a copied
 * link, a bookmark or a reload opens the same place. Coordinates carry as many decimals as the zoom
 * needs (openstreetmap.org's `zoomPrecision`), so the hash does not change on sub-pixel moves.
 */

export interface HashView {
  zoom: number;
  lat: number;
  lon: number;
}

/** Reads `#map=zoom/lat/lon` (other hash parameters may sit beside it, `&`-separated); null when absent or invalid. */
export function parseMapHash(hash: string): HashView | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const value = params.get('map');
  if (!value) return null;
  const parts = value.split('/');
  if (parts.length !== 3) return null;
  const [zoom, lat, lon] = parts.map(Number) as [number, number, number];
  if (![zoom, lat, lon].every(Number.isFinite)) return null;
  if (zoom < 0 || zoom > 22 || lat < -90 || lat > 90) return null;
  const wrapped = lon >= -180 && lon <= 180 ? lon : ((((lon + 180) % 360) + 360) % 360) - 180;
  return { zoom: Math.round(zoom), lat, lon: wrapped };
}

/** Decimals for a zoom: openstreetmap.org's `Math.ceil(Math.log(zoom) / Math.LN2)`. */
export function zoomPrecision(zoom: number): number {
  return Math.max(0, Math.ceil(Math.log(Math.max(zoom, 1)) / Math.LN2));
}

/** `#map=zoom/lat/lon` for a view, keeping any other hash parameters of `current`. */
export function formatMapHash(view: HashView, current = ''): string {
  const p = zoomPrecision(view.zoom);
  const params = new URLSearchParams(current.replace(/^#/, ''));
  params.set('map', `${Math.round(view.zoom)}/${view.lat.toFixed(p)}/${view.lon.toFixed(p)}`);
  // URLSearchParams would escape the slashes; the convention keeps them readable.
  return `#${params.toString().replace(/%2F/g, '/')}`;
}
