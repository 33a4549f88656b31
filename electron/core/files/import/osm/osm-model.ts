/**
 * The shapes shared by the OSM readers (PBF, XML, Overpass JSON) and the geometry builder: each
 * reader decodes elements and hands them to an `OsmSink` one at a time, never holding a document.
 */
import type { ObjectType, TagValue } from '../../../../contract/domain.js';

/** OSM tags of one element, as a null-prototype map. */
export type OsmTags = Record<string, string>;

/** An element's metadata, each part only when the file carries it. */
export interface OsmMeta {
  version?: number;
  /** Epoch ms. */
  timestamp?: number;
  changeset?: number;
  uid?: number;
  user?: string;
}

export interface OsmMember {
  type: ObjectType;
  ref: number;
  role: string;
}

/** Receives the elements of one file in file order (nodes, then ways, then relations). */
export interface OsmSink {
  /** The file's own time (PBF `osmosis_replication_timestamp`, XML `<meta osm_base>`), epoch ms. */
  header(timestamp: number | undefined): void;
  /** Coordinates in 1e-7 degrees (OSM's own precision). Tags null when the node has none. */
  node(id: number, lonE7: number, latE7: number, tags: OsmTags | null, meta: OsmMeta | null): void;
  way(id: number, refs: ArrayLike<number>, tags: OsmTags | null, meta: OsmMeta | null): void;
  relation(id: number, members: OsmMember[], tags: OsmTags | null, meta: OsmMeta | null): void;
}

/** One OSM element as an object: OSM identity, tags (with `osm:*` metadata) and a GeoJSON geometry. */
export interface OsmFeature {
  type: ObjectType;
  osmId: string;
  tags: Record<string, TagValue>;
  geom: OsmGeometry;
  /** Epoch ms: the element's timestamp, else the file's. */
  observedAt?: number;
  /** Some referenced nodes or members are not in the file (an extract's edge). */
  tainted?: boolean;
}

export type Position = [number, number];
export type OsmGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Array<Exclude<OsmGeometry, { type: 'GeometryCollection' }>> };

/** What the builder yields: an object, or an element that is skipped with the reason naming it. */
export type OsmRecord = { feature: OsmFeature } | { skip: string };

/** A new null-prototype tag map. */
export const newTags = (): OsmTags => Object.create(null) as OsmTags;
