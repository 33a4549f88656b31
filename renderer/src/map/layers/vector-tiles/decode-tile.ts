/**
 * Decodes one Mapbox Vector Tile (gzipped or not) into the features the basemap draws: each one
 * read once into flat coordinate arrays, sorted into style buckets (`schema-buckets.ts`), with its
 * bounding box so an over-zoomed child tile skips what it cannot show.
 */
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { bucketOf, labelOf, type FeatureKind, type LabelKind, type VectorSchema } from './schema-buckets.js';

/** One drawable feature in tile coordinates (0..extent, with the tile's buffer beyond). */
export interface TileFeature {
  kind: FeatureKind;
  /** Rings (polygons) or lines as flat [x0, y0, x1, y1, …]; one point for point features. */
  parts: Float32Array[];
  /** [minX, minY, maxX, maxY] */
  bbox: [number, number, number, number];
}

/** A label candidate: a name at a point, or along a line. */
export interface TileLabel {
  kind: LabelKind;
  text: string;
  /** Lower first when labels compete. */
  rank: number;
  /** POI category (its dot colour). */
  category?: string;
  /** Zoom from which it shows, when it depends on the feature. */
  minZoom?: number;
  parts: Float32Array[];
  bbox: [number, number, number, number];
  /** Geometry type: 1 point, 2 line, 3 polygon (labelled at its first ring's centre). */
  type: 1 | 2 | 3;
}

export interface DecodedTile {
  extent: number;
  /** Features by bucket name, in source order. */
  buckets: Map<string, TileFeature[]>;
  labels: TileLabel[];
}

const GZIP = [0x1f, 0x8b] as const;

/** True when the bytes are gzip (MBTiles and tilemaker store vector tiles gzipped). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP[0] && bytes[1] === GZIP[1];
}

/** Gunzips in the browser's own DecompressionStream (Chromium, Node 18+). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function partsOf(feature: VectorTileFeature): { parts: Float32Array[]; bbox: [number, number, number, number] } {
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const parts = feature.loadGeometry().map((ring) => {
    const flat = new Float32Array(ring.length * 2);
    ring.forEach((p, i) => {
      flat[i * 2] = p.x;
      flat[i * 2 + 1] = p.y;
      if (p.x < bbox[0]) bbox[0] = p.x;
      if (p.y < bbox[1]) bbox[1] = p.y;
      if (p.x > bbox[2]) bbox[2] = p.x;
      if (p.y > bbox[3]) bbox[3] = p.y;
    });
    return flat;
  });
  return { parts, bbox };
}

/**
 * Reads a tile's bytes (already gunzipped) for a schema. Features no bucket takes are left out;
 * unknown layers are ignored, so a tile with extra layers still draws.
 */
export function decodeTile(bytes: Uint8Array, schema: VectorSchema): DecodedTile {
  const tile = new VectorTile(new PbfReader(bytes));
  const buckets = new Map<string, TileFeature[]>();
  const labels: TileLabel[] = [];
  let extent = 4096;
  for (const [layerName, layer] of Object.entries(tile.layers)) {
    extent = layer.extent;
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (f.type === 0) continue;
      const kind = bucketOf(schema, layerName, f.type, f.properties);
      const label = labelOf(schema, layerName, f.type, f.properties);
      if (!kind && !label) continue;
      const { parts, bbox } = partsOf(f);
      if (kind) {
        const list = buckets.get(kind.bucket) ?? [];
        list.push({ kind, parts, bbox });
        buckets.set(kind.bucket, list);
      }
      if (label) labels.push({ ...label, parts, bbox, type: f.type });
    }
  }
  labels.sort((a, b) => a.rank - b.rank);
  return { extent, buckets, labels };
}

/** Fetches, gunzips when needed and decodes; null when the layer has no tile there (204 / 404). */
export async function loadTile(url: string, schema: VectorSchema, signal?: AbortSignal): Promise<DecodedTile | null> {
  const res = await fetch(url, signal ? { signal } : {});
  if (res.status === 204 || res.status === 404) return null;
  if (!res.ok) throw new Error(`Tile ${url.replace(/\?.*$/, '')} answered HTTP ${res.status}.`);
  let bytes: Uint8Array = new Uint8Array(await res.arrayBuffer());
  if (bytes.length === 0) return null;
  if (isGzip(bytes)) bytes = await gunzip(bytes);
  return decodeTile(bytes, schema);
}
