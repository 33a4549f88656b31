/**
 * The object write rules every writer follows (SQLite's batch writer, its fast path, Postgres): the
 * derived columns, what an upsert or patch of a stored object does, and the results. SQL stays per dialect.
 */
import type { Bbox, Geometry, ObjectType, TagOverrides, Tags } from '../electron/contract/domain.js';
import { geometryBbox } from '../electron/contract/geometry.js';
import { historyColumns, type HistoryColumns } from './history-rows.js';
import { applyTagPatch, tagText, toOsmObject, toOverrides, toTags, type ObjectRowValues } from './object-rows.js';
import { applyEdit, feedTags, overlayFeed } from './tag-overrides.js';
import type { IngestOp, IngestOpResult, ObjectKey } from './store.js';

export type UpsertOp = Extract<IngestOp, { op: 'upsert' }>;
export type PatchOp = Extract<IngestOp, { op: 'patch' }>;

/** What an object row stores of its tags and geometry: JSON text, the name/kind copies and the bbox. */
export interface ObjectColumns {
  tagsJson: string;
  geomJson: string;
  name: string | null;
  kind: string | null;
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: Bbox;
  /** What the observation adds to the history tables. */
  history: HistoryColumns;
}

/** The stored columns of `tags` and `geom`, or undefined when the geometry has no positions. */
export function objectColumns(tags: Tags, geom: Geometry): ObjectColumns | undefined {
  const bbox = geometryBbox(geom);
  if (!bbox) return undefined;
  const tagsJson = JSON.stringify(tags);
  const geomJson = JSON.stringify(geom);
  return {
    tagsJson,
    geomJson,
    name: tagText(tags.name),
    kind: tagText(tags.kind),
    bbox,
    history: historyColumns(tags, geom, tagsJson, geomJson, bbox),
  };
}

/** The UPDATE/INSERT arguments for the derived columns, in table order: tags, geom, name, kind, bbox. */
export function columnArgs(c: ObjectColumns): [string, string, string | null, string | null, ...number[]] {
  return [c.tagsJson, c.geomJson, c.name, c.kind, ...c.bbox];
}

/**
 * What an upsert of a stored object does once its history row was tried: a repeat of a stored
 * observation is a `duplicate`; an older one (or one as old as the current row) is history only (the
 * current row stays the newest); otherwise it becomes the current row.
 */
export function knownUpsert(historyAdded: boolean, observedAt: number, storedObservedAt: number) {
  if (!historyAdded) return 'duplicate' as const;
  // Equal times with a new position happen after a hand edit moved the object (a patch with a geometry).
  return observedAt <= storedObservedAt ? ('history-only' as const) : ('write' as const);
}

/**
 * What a feed update of a stored object writes as tags: the feed's, with the analyst's overridden keys
 * kept (db/tag-overrides.ts). `storedOverrides` is the row's `tag_overrides` as read.
 */
export function feedUpdate(tags: Tags, storedOverrides: unknown): { tags: Tags; overrides: TagOverrides | null } {
  return overlayFeed(tags, toOverrides(storedOverrides));
}

/** A patch's next state of a stored object: tags merged or replaced, geometry replaced, newest time kept. */
export interface PatchPlan {
  tags: Tags;
  overrides: TagOverrides | null;
  geom: Geometry;
  /** A tainted object stays tainted unless the patch replaces its geometry. */
  tainted: boolean;
  observedAt: number;
  columns: ObjectColumns;
}

/** Plans `op` over the stored state, or undefined when the resulting geometry has no positions. */
export function planPatch(
  stored: { tags: unknown; geom: unknown; tainted: boolean | number; observedAt: number; overrides: unknown },
  op: PatchOp,
): PatchPlan | undefined {
  const current = toTags(stored.tags);
  const overrides = toOverrides(stored.overrides);
  // A re-import changes the feed's tags under the overrides; a hand edit makes what it changes an override.
  const next =
    op.origin === 'source'
      ? overlayFeed(applyTagPatch(feedTags(current, overrides), op.tags, op.tagsMode), overrides)
      : applyEdit(current, applyTagPatch(current, op.tags, op.tagsMode), overrides, op.clearOverrides);
  const geom = op.geom ?? (stored.geom as Geometry);
  const columns = objectColumns(next.tags, geom);
  if (!columns) return undefined;
  const tainted = Boolean(stored.tainted) && !op.geom;
  // A hand edit of tags alone observes nothing: the object keeps its time, so a feed's next version
  // (an OSM element edited upstream before the analyst's edit) still becomes the current row.
  const observes = op.origin === 'source' || op.geom !== undefined;
  const observedAt = observes ? Math.max(stored.observedAt, op.observedAt) : stored.observedAt;
  return { tags: next.tags, overrides: next.overrides, geom, tainted, observedAt, columns };
}

/** The refusal of an op whose geometry has no positions. */
export function noCoordinates(op: UpsertOp | PatchOp): IngestOpResult {
  const reason =
    op.op === 'upsert'
      ? `Field 'geom' of '${op.osmId}' has no coordinates.`
      : `Field 'geom' of object '${op.objectId}' has no coordinates.`;
  return { op: op.op, status: 'rejected', code: 'INVALID_INPUT', reason };
}

/** The refusal of a first sighting for a source that does not exist. */
export function noSource(op: UpsertOp): IngestOpResult {
  return { op: 'upsert', status: 'rejected', code: 'NOT_FOUND', reason: `Source '${op.sourceId}' does not exist.` };
}

/** The refusal of a patch of an object that does not exist. */
export function noObject(op: PatchOp): IngestOpResult {
  return { op: 'patch', status: 'rejected', code: 'NOT_FOUND', reason: `Object '${op.objectId}' does not exist.` };
}

export type DeleteOp = Extract<IngestOp, { op: 'delete' }>;

/** The stored row a delete looks at: its id, key and current observation (epoch ms). */
export interface DeleteTarget {
  id: string;
  source_id: string;
  type: ObjectType;
  osm_id: string;
  observed_at: number;
}

/**
 * What a delete does (issue 19, "deletes are tombstones"): whether the stored row goes, and the key
 * and time of the tombstone it leaves (none when neither a row nor a key names the object). A local
 * delete removes the row and counts from now, or from the row's observation when that is later, so
 * the tombstone covers what it removed; a replayed delete (`observedAt` given) removes only a row
 * observed at or before it: the latest of observations and deletes wins, in whatever order they
 * arrive. Ties go to the delete.
 */
export function planDelete(
  op: DeleteOp,
  row: DeleteTarget | undefined,
  now: number,
): { remove: boolean; tombstone?: ObjectKey & { at: number } } {
  const key = row ? { sourceId: row.source_id, type: row.type, osmId: row.osm_id } : op.key;
  if (!key) return { remove: false };
  const stored = row === undefined ? undefined : Number(row.observed_at);
  if (op.observedAt === undefined)
    return { remove: row !== undefined, tombstone: { ...key, at: Math.max(now, stored ?? 0) } };
  return { remove: stored !== undefined && stored <= op.observedAt, tombstone: { ...key, at: op.observedAt } };
}

/**
 * A delete's result once planned and written: `deleted` when the row went, or when no row was there
 * and the tombstone is new or later than the one stored (`advanced`), so it travels to the team's
 * other databases; `missing` otherwise (nothing there, or a newer observation kept the object).
 */
export function deleteResult(
  op: DeleteOp,
  row: DeleteTarget | undefined,
  plan: ReturnType<typeof planDelete>,
  advanced: boolean,
): IngestOpResult {
  const t = plan.tombstone;
  if (!t || (!plan.remove && (row !== undefined || !advanced)))
    return { op: 'delete', status: 'missing', objectId: row?.id ?? op.objectId };
  const { sourceId, type, osmId, at } = t;
  return { op: 'delete', status: 'deleted', objectId: row?.id ?? op.objectId, sourceId, type, osmId, observedMs: at };
}

/** The refusal of an observation at or before its key's tombstone: it does not bring the object back. */
export function deletedRefusal(op: UpsertOp, deletedAt: number): IngestOpResult {
  const reason =
    `Object ${op.type} '${op.osmId}' of source '${op.sourceId}' was deleted at ${new Date(deletedAt).toISOString()}; ` +
    `an observation from ${new Date(op.observedAt).toISOString()} does not bring it back.`;
  return { op: 'upsert', status: 'rejected', code: 'CONFLICT', reason };
}

/** The tombstone write of both dialects: new, or moved forward only (its row count says whether it changed). */
export const TOMBSTONE_UPSERT_COLUMNS = 'source_id, type, osm_id, deleted_at, created_at';
export const TOMBSTONE_UPSERT_CONFLICT = `ON CONFLICT (source_id, type, osm_id) DO UPDATE SET deleted_at = excluded.deleted_at
  WHERE excluded.deleted_at > object_tombstones.deleted_at`;

/** The result of a first sighting that created object `id`. */
export function createdResult(
  op: { sourceId: string; type: ObjectType; osmId: string; tags: Tags; geom: Geometry; observedAt: number },
  id: string,
  tainted: boolean,
  now: number,
): IngestOpResult {
  const object = toOsmObject({
    id,
    source_id: op.sourceId,
    type: op.type,
    osm_id: op.osmId,
    tags: op.tags,
    geom: op.geom,
    tainted,
    observed_at: op.observedAt,
    created_at: now,
    updated_at: now,
  });
  return { op: 'upsert', status: 'created', object, observedMs: op.observedAt };
}

/** The result of an upsert that left the stored row (decoded) as it was. */
export function storedResult(status: 'duplicate' | 'history-only', row: ObjectRowValues): IngestOpResult {
  const object = toOsmObject(row);
  const observedMs = Number(row.observed_at);
  return { op: 'upsert', status: status === 'duplicate' ? 'duplicate' : 'updated', object, observedMs };
}

/** The result of an upsert or patch that rewrote the stored row (decoded) with `next` at `now`. */
export function writtenResult(
  op: 'upsert' | 'patch',
  row: ObjectRowValues,
  next: { tags: Tags; geom: Geometry; tainted: boolean; observedAt: number; overrides: TagOverrides | null },
  now: number,
): IngestOpResult {
  const { tags, geom, tainted, observedAt, overrides } = next;
  const object = toOsmObject({
    ...row,
    tags,
    geom,
    tainted,
    tag_overrides: overrides,
    observed_at: observedAt,
    updated_at: now,
  });
  return { op, status: 'updated', object, observedMs: observedAt };
}

/** The error for an op kind no writer knows (a newer contract than this code). */
export function unknownOp(op: never): Error {
  return new Error(`Unknown ingest op '${String((op as { op?: unknown }).op)}'.`);
}
