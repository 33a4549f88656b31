/**
 * Reads one Overpass JSON answer into objects with the extract import's own reader and geometry
 * builder (files/import/osm/): nodes, ways (`out geom` or with their nodes in the answer),
 * multipolygons and other relations, with OSM metadata as `osm:*` tags. An answer whose `remark`
 * reports a runtime error (timeout, out of memory) is refused: it is not the query's full answer.
 */
import { GeometryBuilder } from '../../files/import/osm/geometry-builder.js';
import { readOverpass } from '../../files/import/osm/overpass-reader.js';
import { parseGeometry } from '../../geometry.js';
import { normalizeTags } from '../../tags.js';
import { elementKey, type LiveElement } from '../osm-live/element-diff.js';

export interface OverpassAnswer {
  /** Elements in the answer (every node, way and relation, tagged or not). */
  elementCount: number;
  /** `osm3s.timestamp_osm_base` as written, and as epoch ms. */
  timestampOsmBase?: string;
  baseTime?: number;
  elements: LiveElement[];
  /** Keys of elements in the answer that could not be built or validated (kept, never marked deleted). */
  present: Set<string>;
  /** Why those were left out, naming each. */
  skipped: string[];
}

/** Reads the answer text; throws an Error with one sentence when it is not a complete Overpass JSON answer. */
export function readOverpassAnswer(text: string): OverpassAnswer {
  let data: { elements?: unknown; remark?: unknown; osm3s?: { timestamp_osm_base?: unknown } };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new Error(`the answer is not JSON (it starts with '${text.slice(0, 60).replace(/\s+/g, ' ')}')`);
  }
  if (typeof data?.remark === 'string' && /error/i.test(data.remark)) {
    throw new Error(`Overpass reported '${data.remark.slice(0, 160)}'`);
  }
  const builder = new GeometryBuilder();
  readOverpass(text, builder);
  const out: OverpassAnswer = {
    elementCount: Array.isArray(data.elements) ? data.elements.length : 0,
    elements: [],
    present: new Set(),
    skipped: [],
  };
  const base = data.osm3s?.timestamp_osm_base;
  if (typeof base === 'string' && Number.isFinite(Date.parse(base))) {
    out.timestampOsmBase = base;
    out.baseTime = Date.parse(base);
  }
  for (const record of builder.drain()) {
    if ('skip' in record) {
      noteSkip(out, record.skip);
      continue;
    }
    const f = record.feature;
    try {
      out.elements.push({
        type: f.type,
        osmId: f.osmId,
        tags: normalizeTags(f.tags),
        geom: parseGeometry(f.geom, f.type),
        ...(f.observedAt !== undefined ? { observedAt: f.observedAt } : {}),
        ...(f.tainted ? { tainted: true } : {}),
      });
    } catch (err) {
      noteSkip(out, `${f.type} ${f.osmId}: ${(err as Error).message}`);
    }
  }
  return out;
}

function noteSkip(out: OverpassAnswer, reason: string): void {
  out.skipped.push(reason);
  const m = /^(node|way|relation) (\d+):/.exec(reason);
  if (m) out.present.add(elementKey(m[1] as LiveElement['type'], m[2]!));
}

/**
 * The first error an Overpass HTML error page states (`line 1: parse error: Unknown type "this"`),
 * with its entities decoded; undefined when the page states none.
 */
export function overpassErrorText(body: string): string | undefined {
  const m = /<strong[^>]*>Error<\/strong>:\s*([^<]*)/.exec(body);
  if (!m) return undefined;
  const text = m[1]!
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
  return text === '' ? undefined : text.slice(0, 200);
}
