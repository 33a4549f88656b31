/**
 * OSM XML (API, JOSM, osmium output) and Overpass JSON, converted by the maintained osmtogeojson.
 * Incomplete geometry (a way with missing nodes) is kept and flagged tainted, never thrown.
 */
import osmtogeojson from 'osmtogeojson';
import { OBJECT_TYPES, type ObjectType } from '../../../contract/domain.js';
import { flattenProperties, parseTime, type ImportRecord } from './import-types.js';
import { parseXml } from './xml-readers.js';

interface OsmFeatureProps {
  type?: string;
  id?: number | string;
  tags?: Record<string, unknown>;
  meta?: { timestamp?: string };
  tainted?: boolean;
}

/** Reads OSM XML text. */
export function* readOsmXml(text: string): Generator<ImportRecord> {
  const doc = parseXml(text, 'OSM XML');
  if (doc.documentElement?.nodeName !== 'osm')
    throw new Error(`the file's root element is <${doc.documentElement?.nodeName}>, not <osm>`);
  yield* convert(osmtogeojson(doc as unknown as Document));
}

/** Reads Overpass JSON text (`{ elements: [...] }`). */
export function* readOverpassJson(text: string): Generator<ImportRecord> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`the Overpass JSON file is not valid JSON (${(err as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { elements?: unknown }).elements)) {
    throw new Error("the Overpass JSON file has no 'elements' array");
  }
  yield* convert(osmtogeojson(data as never));
}

function* convert(collection: {
  features: Array<{ id?: string | number; properties?: unknown; geometry: unknown }>;
}): Generator<ImportRecord> {
  let index = 0;
  for (const feature of collection.features) {
    const props = (feature.properties ?? {}) as OsmFeatureProps;
    const type = OBJECT_TYPES.find((t): t is ObjectType => t === props.type);
    if (!type || props.id === undefined) yield { index, skip: `feature ${String(feature.id)} has no OSM type and id` };
    else if (!feature.geometry) yield { index, skip: `${type} ${props.id} has no geometry` };
    else {
      yield {
        index,
        object: {
          osmId: String(props.id),
          type,
          tags: flattenProperties(props.tags),
          geom: feature.geometry,
          observedAt: parseTime(props.meta?.timestamp),
          ...(props.tainted ? { tainted: true } : {}),
        },
      };
    }
    index++;
  }
}
