/**
 * The compact history's row shapes, written once for both dialects (issue 14): what one observation
 * stores in `object_positions` (lon/lat in 1e-7 degrees, numeric speed/heading/altitude tags as
 * columns, the whole geometry only when it is not a 2D point) and in `object_tag_changes` (the other
 * tags, only when they change), and how a stored row reads back as tags, geometry and tag diffs.
 */
import type { Bbox, Geometry, TagChange, TagValue, Tags, Track } from '../electron/contract/domain.js';
import { toTags } from './object-rows.js';
import type { PositionColumns } from './sql-runner.js';

/** Tags kept as position columns when their value is a number (ARCHITECTURE §4 units). */
export const POSITION_TAGS = ['speed', 'heading', 'altitude'] as const;
type PositionTag = (typeof POSITION_TAGS)[number];

/** Positions are stored in units of 1e-7 degrees (about 1 cm), as OSM stores coordinates. */
export const E7 = 1e7;

/** What one observation adds to `object_positions` and (when they changed) `object_tag_changes`. */
export interface HistoryColumns {
  /** lon × 1e7, lat × 1e7 (a geometry that is not a point: its bbox centre). */
  lon: number;
  lat: number;
  speed: number | null;
  heading: number | null;
  altitude: number | null;
  /** The geometry's JSON when it is not a 2D point, else null. */
  geomJson: string | null;
  /** The tags without the numeric position tags, as JSON text (compared as text to find changes). */
  staticJson: string;
}

const isPositionNumber = (v: TagValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The tags without numeric speed/heading/altitude, as JSON; `tagsJson` itself when it has none. */
export function staticTagsJson(tags: Tags, tagsJson: string): string {
  if (!POSITION_TAGS.some((k) => isPositionNumber(tags[k]))) return tagsJson;
  const rest: Record<string, TagValue> = {};
  for (const key of Object.keys(tags)) {
    const value = tags[key]!;
    if (!((POSITION_TAGS as readonly string[]).includes(key) && isPositionNumber(value))) rest[key] = value;
  }
  return JSON.stringify(rest);
}

/**
 * Whether two tag sets have the same static tags (numeric speed/heading/altitude left out), whatever
 * their key order: a newer observation of a stored object needs a tag change exactly when its static
 * tags differ from the stored row's, which are the version in force at the row's time.
 */
export function sameStaticTags(a: Tags, b: Tags): boolean {
  const keys = (t: Tags) =>
    Object.keys(t).filter((k) => !((POSITION_TAGS as readonly string[]).includes(k) && isPositionNumber(t[k])));
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** The history columns of one observation (`geomJson`/`tagsJson` are the row's JSON texts). */
export function historyColumns(
  tags: Tags,
  geom: Geometry,
  tagsJson: string,
  geomJson: string,
  bbox: Bbox,
): HistoryColumns {
  const plain = geom.type === 'Point' && geom.coordinates.length === 2;
  const [lon, lat] = (plain ? geom.coordinates : [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2]) as [
    number,
    number,
  ];
  const num = (k: PositionTag): number | null => (isPositionNumber(tags[k]) ? (tags[k] as number) : null);
  return {
    lon: Math.round(lon * E7),
    lat: Math.round(lat * E7),
    speed: num('speed'),
    heading: num('heading'),
    altitude: num('altitude'),
    geomJson: plain ? null : geomJson,
    staticJson: staticTagsJson(tags, tagsJson),
  };
}

/** A stored position's geometry: its own JSON (already decoded) or the point at lon/lat. */
export function positionGeometry(lon: number, lat: number, geom: unknown): Geometry {
  if (geom != null) return geom as Geometry;
  return { type: 'Point', coordinates: [Number(lon) / E7, Number(lat) / E7] };
}

/**
 * The tags at a position: the static tags then in force plus the position's numeric tags.
 * `staticTags` is a map just decoded that nobody else holds: it becomes the answer, its numeric tags
 * added before its prototype is set to null. A copy into `Object.create(null)` (toTags), or adding
 * keys after the prototype changed, leaves V8 a dictionary per object: at 10,000 objects at a moment,
 * three times the time and six times the garbage.
 */
export function tagsAtPosition(
  staticTags: unknown,
  speed: number | null,
  heading: number | null,
  altitude: number | null,
): Tags {
  const isMap = typeof staticTags === 'object' && staticTags !== null && !Array.isArray(staticTags);
  const tags = (isMap ? staticTags : toTags(staticTags)) as Record<string, TagValue>;
  if (speed !== null) tags.speed = Number(speed);
  if (heading !== null) tags.heading = Number(heading);
  if (altitude !== null) tags.altitude = Number(altitude);
  return Object.setPrototypeOf(tags, null) as Tags;
}

/**
 * The tag-change rows a late observation (older than the object's newest) needs, so "tags at T" stays
 * "the tags of the latest observation at or before T": when its tags differ from the version then in
 * force, they start at its time, and the version before comes back at the next stored observation
 * (unless another change already starts there or earlier).
 */
export function lateTagRows(
  t: number,
  staticJson: string,
  inForce: string | undefined,
  next: { t: number; changeBefore: boolean } | undefined,
): { t: number; tags: string }[] {
  if (inForce === staticJson) return [];
  const rows = [{ t, tags: staticJson }];
  if (inForce !== undefined && next && !next.changeBefore) rows.push({ t: next.t, tags: inForce });
  return rows;
}

/** A tag-change row as stored, with the static tags of the change before it (undefined for the first). */
export interface TagChangeRow {
  t: number;
  tags: unknown;
  origin: string;
}

/** One tag change as the contract reports it: keys set, keys removed, their previous values. */
export function toTagChange(objectId: string, row: TagChangeRow, before: unknown): TagChange {
  const next = toTags(row.tags);
  const prev = before === undefined ? toTags({}) : toTags(before);
  const set: Record<string, TagValue> = {};
  const previous: Record<string, TagValue> = {};
  const removed: string[] = [];
  for (const [k, v] of Object.entries(next)) {
    if (prev[k] === v) continue;
    set[k] = v;
    if (prev[k] !== undefined) previous[k] = prev[k];
  }
  for (const [k, v] of Object.entries(prev)) {
    if (next[k] !== undefined) continue;
    removed.push(k);
    previous[k] = v;
  }
  // Postgres returns JSONB keys in its own order: one order for both dialects.
  removed.sort();
  return {
    object_id: objectId,
    at: new Date(Number(row.t)).toISOString(),
    set,
    removed,
    previous,
    origin: row.origin === 'edit' ? 'edit' : 'source',
  };
}

/** The first `n` of `column` divided by `scale` (1 keeps the values), as a plain array of numbers. */
function scaled(column: Float64Array, n: number, scale: number): number[] {
  // A loop into an array of its final length: several times faster than Array.from(subarray).
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = column[i]! / scale;
  return out;
}

/**
 * The first `n` of `column` with NaN as null. A column with a value everywhere stays an array of
 * unboxed doubles (no heap number per value for the collector), one with none is filled in one call;
 * only a mixed column holds nulls beside numbers.
 */
function nullable(column: Float64Array, n: number): (number | null)[] {
  let nulls = 0;
  for (let i = 0; i < n; i++) if (column[i] !== column[i]) nulls++;
  if (nulls === n) return new Array<null>(n).fill(null);
  const out: (number | null)[] = scaled(column, n, 1);
  if (nulls > 0) for (let i = 0; i < n; i++) if (out[i] !== out[i]) out[i] = null;
  return out;
}

/**
 * A Track from positions read as columns: one plain array per column at its final length, and no
 * array per position (a day's 86,400 [lon, lat] pairs cost a third more time, and their garbage).
 */
export function trackOf(id: string, c: PositionColumns, truncated: boolean): Track {
  const n = c.count;
  return {
    id,
    times: scaled(c.t, n, 1),
    lon: scaled(c.lon, n, E7),
    lat: scaled(c.lat, n, E7),
    speed: nullable(c.speed, n),
    heading: nullable(c.heading, n),
    altitude: nullable(c.altitude, n),
    truncated,
  };
}
