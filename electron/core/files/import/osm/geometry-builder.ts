/**
 * The one geometry builder for every OSM format: keeps all node coordinates and way node lists
 * compactly (compact-store.ts), and turns elements into objects as they arrive: tagged nodes into
 * Points, tagged ways into LineStrings or Polygons (area-rules.ts), multipolygon and boundary
 * relations into (Multi)Polygons (rings.ts), routes into MultiLineStrings and other relations into
 * GeometryCollections of their node and way members. Elements whose referenced nodes or members are
 * missing keep the geometry that exists and are flagged tainted; those with none are skipped, named.
 */
import type { TagValue } from '../../../../contract/domain.js';
import { isArea } from './area-rules.js';
import { NodeStore, WayStore, type NodeColumns, type RelationList, type WayColumns } from './compact-store.js';
import type {
  OsmFeature,
  OsmGeometry,
  OsmMember,
  OsmMeta,
  OsmRecord,
  OsmSink,
  OsmTags,
  Position,
} from './osm-model.js';
import { assembleRings } from './rings.js';

/** Node tags that alone do not make a node an object (GDAL's `unsignificant` list for points). */
const INSIGNIFICANT_NODE_TAGS = new Set(['created_by', 'converted_by', 'source', 'time', 'ele', 'attribution']);

/** Relation members kept for the relation→member index at most (beyond, later relations are not kept). */
const MAX_RELATION_MEMBERS = 4_000_000;

export class GeometryBuilder implements OsmSink {
  private readonly nodes = new NodeStore();
  private readonly ways = new WayStore();
  private fileTime: number | undefined;
  private out: OsmRecord[] = [];
  private scratch = new Int32Array(2048);
  private readonly relations: RelationList = [];
  private relationMembers = 0;
  /** Elements read so far (every node, way and relation). */
  elements = 0;

  /** The records built since the last call. */
  drain(): OsmRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  header(timestamp: number | undefined): void {
    this.fileTime = timestamp;
  }

  /** Every node read so far, with its location (copies): what an import leaves to the node-location store. */
  nodeColumns(): NodeColumns {
    return this.nodes.columns();
  }

  /** Every way read so far, with its node ids (copies): what an import leaves to the way→node index. */
  wayColumns(): WayColumns {
    return this.ways.columns(this.nodes);
  }

  /** Every tagged relation read so far with its members (up to MAX_RELATION_MEMBERS): what an import leaves to the relation→member index. */
  relationList(): RelationList {
    return this.relations;
  }

  node(id: number, lonE7: number, latE7: number, tags: OsmTags | null, meta: OsmMeta | null): void {
    this.elements++;
    const i = this.nodes.add(id, lonE7, latE7);
    if (tags && significant(tags)) {
      this.emit('node', id, tags, meta, { type: 'Point', coordinates: this.nodes.position(i) }, false);
    }
  }

  way(id: number, refs: ArrayLike<number>, tags: OsmTags | null, meta: OsmMeta | null): void {
    this.elements++;
    if (this.scratch.length < refs.length) this.scratch = new Int32Array(refs.length * 2);
    const indices = this.scratch.subarray(0, refs.length);
    let missing = 0;
    for (let k = 0; k < refs.length; k++) {
      const i = this.nodes.find(refs[k]!);
      indices[k] = i;
      if (i < 0) missing++;
    }
    this.ways.add(id, indices, refs);
    if (!tags || !hasAny(tags)) return;
    const present = missing === 0 ? indices : indices.filter((i) => i >= 0);
    if (present.length < 2) {
      this.skip(`way ${id}: ${present.length} of its ${refs.length} nodes are in the file, too few for a line`);
      return;
    }
    const coords = this.positions(present);
    const closed = refs.length >= 4 && refs[0] === refs[refs.length - 1] && present[0] === present[present.length - 1];
    const geom: OsmGeometry =
      closed && coords.length >= 4 && isArea(tags)
        ? { type: 'Polygon', coordinates: [orient(coords)] }
        : { type: 'LineString', coordinates: coords };
    this.emit('way', id, tags, meta, geom, missing > 0);
  }

  relation(id: number, members: OsmMember[], tags: OsmTags | null, meta: OsmMeta | null): void {
    this.elements++;
    if (!tags || !hasAny(tags)) {
      this.skip(`relation ${id}: it has no tags`);
      return;
    }
    if (this.relationMembers + members.length <= MAX_RELATION_MEMBERS) {
      this.relations.push({ id, members });
      this.relationMembers += members.length;
    }
    const kind = tags.type;
    if (kind === 'multipolygon' || kind === 'boundary') this.area(id, members, tags, meta);
    else this.collection(id, members, tags, meta, kind === 'route' || kind === 'multilinestring');
  }

  private area(id: number, members: OsmMember[], tags: OsmTags, meta: OsmMeta | null): void {
    const parts: Int32Array[] = [];
    let missing = 0;
    let ways = 0;
    for (const m of members) {
      if (m.type !== 'way' || (m.role !== 'outer' && m.role !== 'inner' && m.role !== '')) continue;
      ways++;
      const w = this.ways.find(m.ref);
      if (w < 0) {
        missing++;
        continue;
      }
      const nodes = this.ways.nodes(w);
      if (nodes.includes(-1)) missing++;
      parts.push(nodes.filter((i) => i >= 0));
    }
    if (ways === 0) {
      this.skip(`relation ${id}: it has no outer or inner way members`);
      return;
    }
    const { polygons, openAtNode } = assembleRings(parts, this.nodes);
    const missingNote =
      missing > 0 ? ` (${missing} of its ${ways} member ways are missing or incomplete in the file)` : '';
    if (polygons.length === 0) {
      this.skip(
        openAtNode !== undefined
          ? `relation ${id}: ring not closed at node ${openAtNode}${missingNote}`
          : `relation ${id}: its member ways form no ring${missingNote}`,
      );
      return;
    }
    if (openAtNode !== undefined && missing === 0) {
      this.skip(`relation ${id}: ring not closed at node ${openAtNode}`);
      return;
    }
    const geom: OsmGeometry =
      polygons.length === 1
        ? { type: 'Polygon', coordinates: polygons[0]! }
        : { type: 'MultiPolygon', coordinates: polygons };
    this.emit('relation', id, tags, meta, geom, missing > 0);
  }

  private collection(id: number, members: OsmMember[], tags: OsmTags, meta: OsmMeta | null, linesOnly: boolean): void {
    const lines: Position[][] = [];
    const points: Position[] = [];
    let missing = 0;
    for (const m of members) {
      if (m.type === 'way') {
        const w = this.ways.find(m.ref);
        const nodes = w < 0 ? undefined : this.ways.nodes(w);
        if (!nodes || nodes.includes(-1)) missing++;
        const coords = nodes ? this.positions(nodes.filter((i) => i >= 0)) : [];
        if (coords.length >= 2) lines.push(coords);
      } else if (m.type === 'node' && !linesOnly) {
        const n = this.nodes.find(m.ref);
        if (n < 0) missing++;
        else points.push(this.nodes.position(n));
      }
    }
    if (lines.length + points.length === 0) {
      this.skip(
        `relation ${id}: none of its ${members.length} members is a ${linesOnly ? 'way' : 'node or way'} in the file`,
      );
      return;
    }
    const geom: OsmGeometry = linesOnly
      ? { type: 'MultiLineString', coordinates: lines }
      : {
          type: 'GeometryCollection',
          geometries: [
            ...points.map((p) => ({ type: 'Point' as const, coordinates: p })),
            ...lines.map((l) => ({ type: 'LineString' as const, coordinates: l })),
          ],
        };
    this.emit('relation', id, tags, meta, geom, missing > 0);
  }

  private emit(
    type: OsmFeature['type'],
    id: number,
    osmTags: OsmTags,
    meta: OsmMeta | null,
    geom: OsmGeometry,
    tainted: boolean,
  ): void {
    // The reader made this tag map for this element alone: it becomes the object's tags.
    const tags = osmTags as Record<string, TagValue>;
    if (meta) {
      if (meta.version !== undefined) tags['osm:version'] = meta.version;
      if (meta.changeset !== undefined) tags['osm:changeset'] = meta.changeset;
      if (meta.user !== undefined) tags['osm:user'] = meta.user;
      if (meta.uid !== undefined) tags['osm:uid'] = meta.uid;
    }
    const feature: OsmFeature = { type, osmId: String(id), tags, geom };
    const observedAt = meta?.timestamp ?? this.fileTime;
    if (observedAt !== undefined) feature.observedAt = observedAt;
    if (tainted) feature.tainted = true;
    this.out.push({ feature });
  }

  private positions(indices: Int32Array): Position[] {
    const out = new Array<Position>(indices.length);
    for (let k = 0; k < indices.length; k++) out[k] = this.nodes.position(indices[k]!);
    return out;
  }

  private skip(reason: string): void {
    this.out.push({ skip: reason });
  }
}

function hasAny(tags: OsmTags): boolean {
  for (const _ in tags) return true;
  return false;
}

function significant(tags: OsmTags): boolean {
  for (const key in tags) if (!INSIGNIFICANT_NODE_TAGS.has(key)) return true;
  return false;
}

/** A ring counter-clockwise (RFC 7946's right-hand rule for outer rings). */
function orient(ring: Position[]): Position[] {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return sum < 0 ? ring.reverse() : ring;
}
