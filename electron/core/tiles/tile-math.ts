/**
 * Web-Mercator tile arithmetic: which tiles cover a bbox at a zoom, and how many there are.
 */
import type { Bbox } from '../../contract/domain.js';

const MAX_LAT = 85.05112878;

export function lonToTileX(lon: number, z: number): number {
  return Math.min(2 ** z - 1, Math.max(0, Math.floor(((lon + 180) / 360) * 2 ** z)));
}

export function latToTileY(lat: number, z: number): number {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const rad = (clamped * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
  return Math.min(2 ** z - 1, Math.max(0, y));
}

/** The inclusive tile ranges covering a bbox at zoom z. */
export function tileRange(bbox: Bbox, z: number): { minX: number; maxX: number; minY: number; maxY: number } {
  const [w, s, e, n] = bbox;
  return { minX: lonToTileX(w, z), maxX: lonToTileX(e, z), minY: latToTileY(n, z), maxY: latToTileY(s, z) };
}

/** How many tiles cover a bbox over a zoom range. */
export function countTiles(bbox: Bbox, minZoom: number, maxZoom: number): number {
  let total = 0;
  for (let z = minZoom; z <= maxZoom; z++) {
    const r = tileRange(bbox, z);
    total += (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
  }
  return total;
}

/** Every tile covering a bbox over a zoom range, zoom by zoom. */
export function* tilesIn(bbox: Bbox, minZoom: number, maxZoom: number): Generator<{ z: number; x: number; y: number }> {
  for (let z = minZoom; z <= maxZoom; z++) {
    const r = tileRange(bbox, z);
    for (let x = r.minX; x <= r.maxX; x++) for (let y = r.minY; y <= r.maxY; y++) yield { z, x, y };
  }
}

/** True when z/x/y names a tile that exists. */
export function isValidTile(z: number, x: number, y: number): boolean {
  return (
    Number.isInteger(z) &&
    Number.isInteger(x) &&
    Number.isInteger(y) &&
    z >= 0 &&
    z <= 24 &&
    x >= 0 &&
    y >= 0 &&
    x < 2 ** z &&
    y < 2 ** z
  );
}
