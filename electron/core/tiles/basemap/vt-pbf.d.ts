/** Types for vt-pbf (it ships none): encodes geojson-vt tiles as Mapbox Vector Tile bytes. */
declare module 'vt-pbf' {
  export function fromGeojsonVt(
    layers: Record<string, { features: unknown[] }>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;
}
