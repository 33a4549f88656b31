/**
 * Shared by both dialects: the name/kind copies of tags, tag patches, and the mapping from stored
 * rows (epoch ms, JSON text or JSONB) to the contract's OsmObject (ISO times).
 */
import type { Geometry, ObjectType, OsmObject, TagOverrides, TagValue, Tags } from '../electron/contract/domain.js';

/** The text copy of a tag kept in the `name`/`kind` columns, or null. */
export function tagText(value: TagValue | undefined): string | null {
  return value === undefined ? null : String(value);
}

/** A null-prototype copy of a parsed tag map (ARCHITECTURE §9). */
export function toTags(value: unknown): Tags {
  const tags = Object.create(null) as Tags;
  if (value && typeof value === 'object') Object.assign(tags, value);
  return tags;
}

/** Epoch ms → ISO 8601 UTC. */
export function toIso(ms: number | string): string {
  return new Date(Number(ms)).toISOString();
}

const MINUTE = 60_000;
const MAX_ISO_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
/** "000Z" … "999Z". */
const MILLIS_Z = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, '0')}Z`);
/** Per minute: its seconds' "YYYY-MM-DDTHH:MM:SS." prefixes, each made when first asked for. */
const secondPrefixes = new Map<number, string[]>();

/**
 * `toIso` for many times that share few distinct minutes (a batch's results, the objects at one
 * moment): each second's "YYYY-MM-DDTHH:MM:SS." prefix is cached per minute, so a time costs one
 * concatenation with its milliseconds' "mmmZ".
 */
export function batchIso(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_ISO_MS) return toIso(ms);
  const minute = Math.floor(ms / MINUTE);
  let prefixes = secondPrefixes.get(minute);
  if (prefixes === undefined) {
    if (secondPrefixes.size >= 1024) secondPrefixes.clear();
    prefixes = [];
    secondPrefixes.set(minute, prefixes);
  }
  const rest = ms - minute * MINUTE;
  const sec = Math.floor(rest / 1000);
  const prefix = (prefixes[sec] ??= `${toIso(minute * MINUTE).slice(0, 17)}${sec < 10 ? '0' : ''}${sec}.`);
  return prefix + MILLIS_Z[rest - sec * 1000]!;
}

/** ISO time → epoch ms. */
export function fromIso(iso: string): number {
  return Date.parse(iso);
}

/** Merges or replaces tags; in merge mode a null value deletes the key. */
export function applyTagPatch(
  current: Tags,
  patch: Record<string, TagValue | null> | undefined,
  mode: 'merge' | 'replace',
): Tags {
  const next = toTags(mode === 'merge' ? current : undefined);
  if (!patch) return mode === 'merge' ? next : toTags(current);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** A stored object row after JSON decoding, with times as epoch ms (strings for PG BIGINT). */
export interface ObjectRowValues {
  id: string;
  source_id: string;
  type: string;
  osm_id: string;
  tags: unknown;
  geom: unknown;
  tainted: number | boolean;
  /** Hand edits (JSON text, parsed JSON or null); absent where the query did not read them. */
  tag_overrides?: unknown;
  observed_at: number | string;
  created_at: number | string;
  updated_at: number | string;
}

/** A stored `tag_overrides` value (JSON text, parsed JSON or null) as a map, or null when it holds none. */
export function toOverrides(value: unknown): TagOverrides | null {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!parsed || typeof parsed !== 'object') return null;
  const map = parsed as TagOverrides;
  return Object.keys(map).length > 0 ? map : null;
}

/** The stored form of overrides: JSON text, or null when there are none. */
export function overridesJson(overrides: TagOverrides | null): string | null {
  return overrides && Object.keys(overrides).length > 0 ? JSON.stringify(overrides) : null;
}

/** Maps a decoded row to the contract's OsmObject. */
export function toOsmObject(row: ObjectRowValues): OsmObject {
  const overrides = toOverrides(row.tag_overrides ?? null);
  return {
    id: row.id,
    osm_id: row.osm_id,
    type: row.type as ObjectType,
    tags: toTags(row.tags),
    geom: row.geom as Geometry,
    source_id: row.source_id,
    tainted: Boolean(row.tainted),
    ...(overrides ? { overrides } : {}),
    observed_at: toIso(row.observed_at),
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
  };
}
