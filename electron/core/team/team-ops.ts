/**
 * The translations of syncing a SQLite desktop through a team database (team-sync.ts): an outbox
 * entry into an op on the team database, a team change into an op on the desktop, and the sources
 * both sides must hold (objects reference their source). Objects are found by their key (source,
 * type, osm_id): object ids are per database.
 */
import type { Geometry, ObjectType, OsmObject, Tags, TagValue } from '../../contract/domain.js';
import type { IngestOp, IngestOpResult, OutboxEntry, Store, TeamChange, TeamSnapshotPage } from '../../../db/store.js';

type KeyLookup = Pick<Store, 'findObjectByKey'>;
type SourceSide = Pick<Store, 'findSource' | 'findSourceTokenHash' | 'createSource'>;

/**
 * The op the team database applies for an outbox entry, or undefined when there is nothing to do
 * there (a patch of an object the team database does not hold). A delete goes by key with its time
 * (its tombstone), so it removes the team's copy only when that is not newer, and is kept there
 * even when the team never had the object.
 */
export async function teamOpOf(entry: OutboxEntry, team: KeyLookup): Promise<IngestOp | undefined> {
  const p = entry.payload;
  if (entry.op === 'upsert') {
    return {
      op: 'upsert',
      sourceId: entry.sourceId,
      type: entry.type,
      osmId: entry.osmId,
      tags: p.tags as Tags,
      geom: p.geom as Geometry,
      observedAt: entry.observedAt ?? 0,
      ...(p.tainted === true ? { tainted: true } : {}),
    };
  }
  if (entry.op === 'delete') return tombstoneOp(entry, entry.observedAt ?? undefined);
  const object = await team.findObjectByKey(entry.sourceId, entry.type, entry.osmId);
  if (!object) return undefined;
  return { ...(p as Omit<Extract<IngestOp, { op: 'patch' }>, 'op' | 'objectId'>), op: 'patch', objectId: object.id };
}

/** The key of a changed object in a team result, or undefined for results that changed nothing. */
function keyOf(r: IngestOpResult): { sourceId: string; type: ObjectType; osmId: string } | undefined {
  if (r.status === 'deleted' && r.sourceId !== undefined && r.type !== undefined && r.osmId !== undefined)
    return { sourceId: r.sourceId, type: r.type, osmId: r.osmId };
  if ((r.status === 'created' || r.status === 'updated') && 'object' in r)
    return { sourceId: r.object.source_id, type: r.object.type, osmId: r.object.osm_id };
  return undefined;
}

/** The sources a batch of team results references. */
export function sourcesOf(results: IngestOpResult[]): string[] {
  return [...new Set(results.map((r) => keyOf(r)?.sourceId).filter((id): id is string => id !== undefined))];
}

/** True when applying `r` needs the desktop's id of the object (a patch). */
export function needsLocalId(r: IngestOpResult): boolean {
  return r.op === 'patch' && keyOf(r) !== undefined;
}

/** A delete by key at `at` (undefined: the old log format, which carried no time: a delete now). */
function tombstoneOp(key: { sourceId: string; type: ObjectType; osmId: string }, at: number | undefined): IngestOp {
  const { sourceId, type, osmId } = key;
  return {
    op: 'delete',
    objectId: '',
    key: { sourceId, type, osmId },
    ...(at === undefined ? {} : { observedAt: at }),
  };
}

/**
 * The ops the desktop applies for a page of a team snapshot (a resync): each object as an
 * observation (the newest wins; a copy the desktop holds already is a duplicate) and each tombstone
 * as a delete at its time (a copy observed later stays).
 */
export function snapshotOps(page: TeamSnapshotPage): IngestOp[] {
  const objects = page.objects.map((o): IngestOp => ({
    op: 'upsert',
    sourceId: o.sourceId,
    type: o.type,
    osmId: o.osmId,
    tags: o.tags,
    geom: o.geom,
    observedAt: o.observedMs,
    ...(o.tainted ? { tainted: true } : {}),
  }));
  return [...objects, ...page.tombstones.map((t) => tombstoneOp(t, t.deletedAt))];
}

/**
 * The op the desktop applies for one change of the team. A feed's observation is an upsert there too
 * (the latest observation wins for position; hand-edited keys on the desktop keep their values); a
 * hand edit is a patch replacing the tags (the keys it changed become the desktop's overrides); a
 * delete removes the desktop's copy. Undefined when there is nothing to apply.
 */
export async function localOpOf(r: TeamChange, local: KeyLookup): Promise<IngestOp | undefined> {
  const key = keyOf(r);
  if (!key) return undefined;
  if (r.status === 'deleted') return tombstoneOp(key, r.op === 'delete' ? r.observedMs : undefined);
  if (!('object' in r)) return undefined;
  const o = r.object;
  if (r.op === 'upsert') {
    // A late observation is history only there too; its result showed the current row.
    const seen = r.late ?? { tags: o.tags, geom: o.geom, observedMs: r.observedMs };
    return {
      op: 'upsert',
      sourceId: o.source_id,
      type: o.type,
      osmId: o.osm_id,
      tags: seen.tags,
      geom: seen.geom,
      observedAt: seen.observedMs,
      ...(o.tainted && !r.late ? { tainted: true } : {}),
    };
  }
  const found = await local.findObjectByKey(key.sourceId, key.type, key.osmId);
  if (!found) return undefined;
  return {
    op: 'patch',
    objectId: found.id,
    tags: o.tags as Record<string, TagValue | null>,
    tagsMode: 'replace',
    // Only a moved object brings its geometry: a tags-only edit observes nothing.
    ...(samePlace(found, o) ? {} : { geom: o.geom }),
    observedAt: r.observedMs,
    origin: 'edit',
  };
}

function samePlace(a: OsmObject, b: OsmObject): boolean {
  return JSON.stringify(a.geom) === JSON.stringify(b.geom);
}

/**
 * Makes sure `to` holds every source in `ids` (with the same id), copying missing ones from `from`:
 * name, type, description and push-token hash, inactive (a connector runs where it was configured;
 * its connection details, which may hold sealed credentials, stay there). `known` remembers ids
 * already checked.
 */
export async function ensureSources(
  ids: string[],
  from: SourceSide,
  to: SourceSide,
  known: Set<string>,
): Promise<void> {
  for (const id of ids) {
    if (known.has(id)) continue;
    if (!(await to.findSource(id))) {
      const source = await from.findSource(id);
      if (!source) continue;
      const tokenHash = (await from.findSourceTokenHash(id)) ?? '';
      const copy = { id, name: source.name, description: source.description, type: source.type };
      await to
        .createSource({ ...copy, connectionInfo: {}, isActive: false, tokenHash })
        .catch(async (error: unknown) => {
          // Another instance created it meanwhile: fine.
          if (!(await to.findSource(id))) throw error;
        });
    }
    known.add(id);
  }
}
