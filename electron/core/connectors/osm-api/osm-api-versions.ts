/**
 * Turns a watched element's answers into observations: the tags of each version as the extract
 * import writes them (OSM tags plus `osm:version`, `osm:changeset`, `osm:user`, `osm:uid`), each
 * observed at its own timestamp, and its geometry: a node's own position per version, a way's or
 * relation's current geometry built by the import's geometry builder from its `/full` answer (the
 * API's history holds node lists, not coordinates). A deleted version keeps the last visible tags
 * and geometry and is marked `osm:deleted=yes`, as a re-import marks elements (reimport.ts).
 */
import type { Geometry, ObjectType, TagValue, Tags } from '../../../contract/domain.js';
import { GeometryBuilder } from '../../files/import/osm/geometry-builder.js';
import { newTags } from '../../files/import/osm/osm-model.js';
import { DELETED_TAG } from '../../files/import/reimport.js';
import { parseGeometry } from '../../geometry.js';
import type { IngestOp } from '../../ingest/types.js';
import { normalizeTags } from '../../tags.js';
import type { ApiElement } from './osm-api-elements.js';

export interface Drawn {
  geom: Geometry;
  tainted: boolean;
}

/** The tags of one version: its OSM tags (or `base`, for a deletion) with its metadata. */
export function versionTags(el: ApiElement, base: Record<string, string> = el.tags): Tags {
  const tags: Record<string, TagValue> = Object.assign(Object.create(null) as Record<string, TagValue>, base);
  tags['osm:version'] = el.version;
  if (el.changeset !== undefined) tags['osm:changeset'] = el.changeset;
  if (el.user !== undefined) tags['osm:user'] = el.user;
  if (el.uid !== undefined) tags['osm:uid'] = el.uid;
  if (!el.visible) tags[DELETED_TAG] = 'yes';
  return normalizeTags(tags);
}

/**
 * The current geometry of way or relation `id` from its `/full` answer, built as the import builds
 * it; or one sentence saying why there is none.
 */
export function drawFull(type: ObjectType, id: number, full: ApiElement[]): Drawn | string {
  const builder = new GeometryBuilder();
  const order: ObjectType[] = ['node', 'way', 'relation'];
  const visible = full.filter((e) => e.visible).sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  for (const e of visible) {
    // The target needs tags to be drawn; a watched element is drawn even when it has none.
    const tags =
      Object.keys(e.tags).length > 0 || (e.type === type && e.id === id)
        ? copy(e.tags, e.type === type && e.id === id)
        : null;
    if (e.type === 'node')
      builder.node(e.id, Math.round((e.lon ?? NaN) * 1e7), Math.round((e.lat ?? NaN) * 1e7), tags, null);
    else if (e.type === 'way') builder.way(e.id, e.nodes, tags, null);
    else builder.relation(e.id, e.members, tags, null);
  }
  let reason = `${type} ${id} is not in its /full answer`;
  for (const record of builder.drain()) {
    if ('skip' in record) {
      if (record.skip.startsWith(`${type} ${id}:`)) reason = record.skip;
      continue;
    }
    const f = record.feature;
    if (f.type === type && f.osmId === String(id))
      return { geom: parseGeometry(f.geom, type), tainted: f.tainted === true };
  }
  return reason;
}

function copy(tags: Record<string, string>, isTarget: boolean) {
  const out = Object.assign(newTags(), tags);
  // An untagged watched way is still drawn: the builder skips untagged ways.
  if (isTarget && Object.keys(out).length === 0) out['osm:watched'] = 'yes';
  return out;
}

export interface HistoryOpsOptions {
  sourceId: string;
  /** Versions up to this one are stored already (0: none). */
  after: number;
  /** A way's or relation's current geometry (from `/full`), or the stored one when it is deleted now. */
  current?: Drawn;
  /** Epoch ms for a version without a timestamp. */
  now: number;
}

/**
 * The upserts for the versions of `history` newer than `after`, oldest first; `skipped` says why a
 * version could not be stored (a deletion of an element never seen drawn).
 */
export function historyOps(history: ApiElement[], o: HistoryOpsOptions): { ops: IngestOp[]; skipped: string[] } {
  const ops: IngestOp[] = [];
  const skipped: string[] = [];
  let lastTags: Record<string, string> = {};
  let lastGeom: Drawn | undefined;
  for (const el of [...history].sort((a, b) => a.version - b.version)) {
    let drawn: Drawn | undefined;
    if (el.visible) {
      lastTags = el.tags;
      drawn =
        el.type === 'node' && el.lat !== undefined && el.lon !== undefined
          ? { geom: parseGeometry({ type: 'Point', coordinates: [el.lon, el.lat] }, 'node'), tainted: false }
          : o.current;
      lastGeom = drawn ?? lastGeom;
    } else drawn = lastGeom ?? (el.type === 'node' ? undefined : o.current);
    if (el.version <= o.after) continue;
    if (!drawn) {
      skipped.push(`${el.type}/${el.id} v${el.version}: there is no geometry to show it with`);
      continue;
    }
    ops.push({
      op: 'upsert',
      sourceId: o.sourceId,
      type: el.type,
      osmId: String(el.id),
      tags: versionTags(el, el.visible ? el.tags : lastTags),
      geom: drawn.geom,
      observedAt: el.timestamp ?? o.now,
      ...(drawn.tainted ? { tainted: true } : {}),
    });
  }
  return { ops, skipped };
}
