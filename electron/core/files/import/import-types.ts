/**
 * Shapes shared by the file importers: every parser turns a file into a stream of records, each
 * either an object to ingest or a skipped item with its reason.
 */
import type { ObjectType, TagValue } from '../../../contract/domain.js';
import type { IMPORT_FORMAT_NAMES } from '../../../contract/methods/files.js';

/** The formats the contract names (`files.import`'s `format`). */
export type ImportFormat = (typeof IMPORT_FORMAT_NAMES)[number];

/** One object read from a file, before geometry and tag validation. */
export interface ImportedObject {
  osmId: string;
  type: ObjectType;
  tags: Record<string, TagValue>;
  /** A GeoJSON geometry as read; validated by core/geometry before ingest. */
  geom: unknown;
  /** Epoch ms of the observation, when the file says. */
  observedAt?: number;
  tainted?: boolean;
  /** A timed track: one observation per vertex (GPX tracks, KML gx:Track), kept as history. */
  track?: ImportedTrack;
}

/**
 * A track's positions in order (the segments of a multi-segment track joined), each with its time
 * and, when the file says, its speed (m/s), heading (degrees) and altitude (m); null where a
 * position has none. Each becomes one observation whose tags carry that position's values.
 */
export interface ImportedTrack {
  coordinates: number[][];
  times: number[];
  speed?: Array<number | null>;
  heading?: Array<number | null>;
  altitude?: Array<number | null>;
}

export type ImportRecord = { index: number; object: ImportedObject } | { index: number; skip: string };

/** A file's bytes, readable as a stream (large files) or whole (XML formats). */
export interface ImportInput {
  name: string;
  size: number;
  /** Streams the bytes; `onBytes` is told how many bytes were read so far. */
  stream(): AsyncIterable<Buffer>;
}

export interface CsvOptions {
  lon_column?: string;
  lat_column?: string;
  id_column?: string;
  delimiter?: string;
}

/** Parses an ISO-like time to epoch ms, or undefined. */
export function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Keeps only flat string/number/boolean values as tags (objects become JSON text). */
export function flattenProperties(
  props: Record<string, unknown> | null | undefined,
  drop: string[] = [],
): Record<string, TagValue> {
  const tags: Record<string, TagValue> = Object.create(null) as Record<string, TagValue>;
  if (!props) return tags;
  for (const [key, value] of Object.entries(props)) {
    if (drop.includes(key) || value === null || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'boolean') tags[key] = value;
    else if (typeof value === 'number') {
      if (Number.isFinite(value)) tags[key] = value;
    } else tags[key] = JSON.stringify(value);
  }
  return tags;
}
