/**
 * GPX and KML readers (a KMZ's KML too, unpacked by zip-entry.ts), streamed in two passes. The
 * first checks the whole file and collects what features share: the counts that set @tmcw/togeojson's
 * order (GPX tracks, routes, then waypoints; KML placemarks, ground overlays, then network links),
 * KML's shared styles and schema fields. The second hands each feature, as a small document
 * (xml-stream.ts), to togeojson with @xmldom/xmldom as the DOM, so the records are those of the
 * whole document converted at once, and memory is bounded by the largest feature, not the file.
 */
import { DOMParser } from '@xmldom/xmldom';
import { gpxGen, kmlGen } from '@tmcw/togeojson';
import { featureToImported } from './feature-mapper.js';
import type { ImportRecord } from './import-types.js';
import { scanXml, startTag, type XmlScan } from './xml-stream.js';

/** Parses XML text, throwing one sentence with the position of the first error. */
export function parseXml(text: string, what: string): ReturnType<DOMParser['parseFromString']> {
  const problems: string[] = [];
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problems.push(String(message).split('\n')[0] ?? String(message));
    },
  });
  let doc;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (err) {
    problems.push((err as Error).message.split('\n')[0] ?? 'unreadable');
  }
  if (problems.length > 0 || !doc?.documentElement) {
    throw new Error(`the ${what} file is not well-formed XML: ${problems[0] ?? 'no root element'}`);
  }
  return doc;
}

/** A feature as togeojson yields it. */
type GeoFeature = { id?: string | number; properties: Record<string, unknown> | null };

/** A text that can be read more than once (the two passes). */
export type OpenText = () => AsyncIterable<string>;

/** Runs a scan to the end, yielding what its hooks put in `out` after each chunk. */
async function* drain(chunks: AsyncIterable<string>, scan: XmlScan, out: ImportRecord[]): AsyncGenerator<ImportRecord> {
  for await (const _ of scanXml(chunks, scan)) yield* out.splice(0);
}

const GPX_FEATURES = new Set(['trk', 'rte', 'wpt']);
const hasPosition = (attrs: Record<string, string>) =>
  !Number.isNaN(Number.parseFloat(attrs.lon ?? '')) && !Number.isNaN(Number.parseFloat(attrs.lat ?? ''));

/**
 * GPX pass one: how many tracks and routes togeojson yields (a track needs a segment of two or
 * more positions, a route two or more positions), which sets every route's and waypoint's index.
 */
async function countGpx(text: OpenText, maxChars: number): Promise<{ trk: number; rte: number }> {
  const counts = { trk: 0, rte: 0 };
  const tracks: boolean[] = [];
  const segments: number[] = [];
  const routes: number[] = [];
  const scan: XmlScan = {
    what: 'GPX',
    root: 'gpx',
    maxChars,
    capture: (tag, _parent, inside) => (GPX_FEATURES.has(tag.name) && inside.length === 0 ? 'measure' : false),
    open: ({ name, attrs }) => {
      if (name === 'trk') tracks.push(false);
      else if (name === 'trkseg') segments.push(0);
      else if (name === 'rte') routes.push(0);
      else if (name === 'trkpt' && hasPosition(attrs)) segments.forEach((_, i) => segments[i]!++);
      else if (name === 'rtept' && hasPosition(attrs)) routes.forEach((_, i) => routes[i]!++);
    },
    close: (name) => {
      if (name === 'trkseg' && segments.pop()! >= 2) tracks.fill(true);
      else if (name === 'trk' && tracks.pop()) counts.trk++;
      else if (name === 'rte' && routes.pop()! >= 2) counts.rte++;
    },
  };
  for await (const _ of scanXml(text(), scan));
  return counts;
}

/** GPX: waypoints become nodes, timed tracks one object with history, routes and untimed tracks ways. */
export async function* readGpx(text: OpenText, maxChars: number): AsyncGenerator<ImportRecord> {
  const total = await countGpx(text, maxChars);
  const next = { trk: 0, rte: 0, wpt: 0 };
  const out: ImportRecord[] = [];
  const scan: XmlScan = {
    what: 'GPX',
    root: 'gpx',
    maxChars,
    capture: (tag, _parent, inside) => (GPX_FEATURES.has(tag.name) && inside.length === 0 ? 'keep' : false),
    fragment: (f) => {
      for (const feature of gpxGen(parseXml(f.before + f.xml + f.after, 'GPX'))) {
        const gpxType = (feature.properties as Record<string, unknown> | null)?._gpxType;
        const kind = gpxType === 'trk' || gpxType === 'rte' ? gpxType : 'wpt';
        const n = next[kind]++;
        out.push(gpxRecord(feature, kind === 'trk' ? n : kind === 'rte' ? total.trk + n : total.trk + total.rte + n));
      }
    },
  };
  yield* drain(text(), scan, out);
}

/**
 * One GPX feature at its index in togeojson's order. Every GPX feature has a geometry, so none is
 * skipped and a track's or route's number is its index + 1.
 */
function gpxRecord(feature: GeoFeature, index: number): ImportRecord {
  const mapped = featureToImported(feature, index);
  if (typeof mapped === 'string') return { index, skip: mapped };
  const gpxType = feature.properties?._gpxType;
  const ownId = takeExtensionTags(mapped.tags);
  if (ownId !== undefined) mapped.osmId = ownId;
  else if (gpxType === 'trk' || gpxType === 'rte') {
    if (!feature.id && typeof mapped.tags.name !== 'string') mapped.osmId = `${gpxType}-${index + 1}`;
    else if (!feature.id) mapped.osmId = `${gpxType}-${String(mapped.tags.name)}`;
  } else if (!feature.id && typeof mapped.tags.name === 'string') mapped.osmId = `wpt-${mapped.tags.name}`;
  if (mapped.track) {
    mapped.type = 'node';
    mapped.tags.kind ??= 'track';
  }
  return { index, object: mapped };
}

/** Namespaces whose elements togeojson copies into a feature's properties and that are not tags. */
const EXTENSION_PREFIXES = ['ott_', 'gpxtpx_'];

/**
 * Removes what togeojson copied from our own `ott:` extensions and Garmin's per-point ones from the
 * tags, and returns the `ott:osm_id` our exports write (so an exported track comes back as the same
 * object id).
 */
function takeExtensionTags(tags: Record<string, unknown>): string | undefined {
  const osmId = tags.ott_osm_id;
  for (const key of Object.keys(tags)) if (EXTENSION_PREFIXES.some((p) => key.startsWith(p))) delete tags[key];
  return typeof osmId === 'string' && osmId !== '' ? osmId : undefined;
}

const KML_FEATURES = ['Placemark', 'GroundOverlay', 'NetworkLink'] as const;
type KmlFeature = (typeof KML_FEATURES)[number];
const isKmlFeature = (name: string): name is KmlFeature => (KML_FEATURES as readonly string[]).includes(name);
const normalizeId = (id: string) => (id.startsWith('#') ? id : `#${id}`);
/** The id of the one style a feature's document carries: the style its styleUrl resolves to. */
const RESOLVED = 'tracker-resolved-style';

/** What KML features share, read in pass one. */
interface KmlShared {
  count: Record<KmlFeature, number>;
  /** Style id (as togeojson keys it, '#id') → the winning style's content, StyleMaps resolved. */
  styles: Map<string, string>;
  /** SimpleField name → its declared type, the last declaration winning. */
  fields: Map<string, string>;
}

/** Collects the text of the first `name` element inside an open element, as togeojson's get1 does. */
function firstText(name: string) {
  let text: string | undefined;
  let open = false;
  return {
    get: () => text,
    reset() {
      text = undefined;
      open = false;
    },
    open(tag: string) {
      if (tag !== name || text !== undefined) return;
      open = true;
      text = '';
    },
    text(t: string) {
      if (open) text += t;
    },
    close(tag: string) {
      if (tag === name) open = false;
    },
  };
}

/** KML pass one: counts, styles (togeojson's buildStyleMap, StyleMaps after all Styles) and fields. */
async function readKmlShared(text: OpenText, maxChars: number): Promise<KmlShared> {
  const shared: KmlShared = {
    count: { Placemark: 0, GroundOverlay: 0, NetworkLink: 0 },
    styles: new Map(),
    fields: new Map(),
  };
  const maps: Array<{ id: string; url: string }> = [];
  const url = firstText('styleUrl');
  let map: string | undefined;
  let size = 0;
  const budget = (chars: number) => {
    size += chars;
    if (size > maxChars)
      throw new Error(
        `its shared styles and schema fields are longer than ${maxChars.toLocaleString('en-US')} characters together ('import.maxDocumentBytes')`,
      );
  };
  const scan: XmlScan = {
    what: 'KML',
    root: 'kml',
    maxChars,
    capture: ({ name }, _parent, inside) =>
      name === 'Style' ? 'keep' : isKmlFeature(name) && !inside.some(isKmlFeature) ? 'measure' : false,
    fragment: (f) => {
      let id = f.attrs.id;
      if (!id && f.parent && f.parent.name.replace(/^.*:/, '') === 'CascadingStyle')
        id = f.parent.attrs['kml:id'] || f.parent.attrs.id;
      const content = f.xml.slice(f.inner, f.xml.length - `</${f.name}>`.length);
      budget(content.length);
      shared.styles.set(normalizeId(id || ''), content);
    },
    open: ({ name, attrs }) => {
      if (isKmlFeature(name)) shared.count[name]++;
      else if (name === 'StyleMap') {
        map = normalizeId(attrs.id || '');
        url.reset();
      } else if (name === 'SimpleField') {
        budget(64);
        shared.fields.set(attrs.name || '', attrs.type || '');
      } else if (map !== undefined) url.open(name);
    },
    text: (t) => url.text(t),
    close: (name) => {
      url.close(name);
      if (name === 'StyleMap' && map !== undefined) {
        budget(map.length + (url.get()?.length ?? 0));
        if (url.get()) maps.push({ id: map, url: url.get()! });
        map = undefined;
      }
    },
  };
  for await (const _ of scanXml(text(), scan));
  for (const m of maps) {
    const style = shared.styles.get(normalizeId(m.url));
    if (style !== undefined) shared.styles.set(m.id, style);
  }
  return shared;
}

/** KML placemarks, with TimeStamp as the observation time and gx:Track as history. */
export async function* readKml(text: OpenText, maxChars: number): AsyncGenerator<ImportRecord> {
  const shared = await readKmlShared(text, maxChars);
  const first = { Placemark: 0, GroundOverlay: shared.count.Placemark, NetworkLink: 0 };
  first.NetworkLink = first.GroundOverlay + shared.count.GroundOverlay;
  const next = { Placemark: 0, GroundOverlay: 0, NetworkLink: 0 };
  const inFeature = { Placemark: 0, GroundOverlay: 0, NetworkLink: 0 };
  const url = firstText('styleUrl');
  const simpleData = new Set<string>();
  const out: ImportRecord[] = [];
  const scan: XmlScan = {
    what: 'KML',
    root: 'kml',
    maxChars,
    capture: ({ name }, _parent, inside) => (isKmlFeature(name) && inside.length === 0 ? 'keep' : false),
    open: ({ name, attrs }, inside) => {
      if (inside.length === 0) return;
      if (isKmlFeature(name)) inFeature[name]++;
      else if (name === 'SimpleData') simpleData.add(attrs.name || '');
      url.open(name);
    },
    text: (t) => url.text(t),
    close: (name) => url.close(name),
    fragment: (f) => {
      const doc = parseXml(f.before + f.xml + sharedFor(shared, url.get(), simpleData) + f.after, 'KML');
      // togeojson yields a document's placemarks, then its ground overlays, then its network links.
      const kinds = KML_FEATURES.flatMap((k) => Array<KmlFeature>(inFeature[k]).fill(k));
      let i = 0;
      for (const feature of kmlGen(doc)) {
        const kind = kinds[i++] ?? 'NetworkLink';
        out.push(kmlRecord(feature, first[kind] + next[kind]++));
      }
      url.reset();
      simpleData.clear();
      for (const k of KML_FEATURES) inFeature[k] = 0;
    },
  };
  yield* drain(text(), scan, out);
}

/**
 * The shared definitions a feature's document needs, placed after it so they win as the last ones
 * in the file do: its style (as a StyleMap, which togeojson applies after every Style) and the
 * types of its SimpleData fields.
 */
function sharedFor(shared: KmlShared, styleUrl: string | undefined, simpleData: Set<string>): string {
  let xml = '';
  const key = styleUrl ? normalizeId(styleUrl) : undefined;
  const style = key === undefined ? undefined : shared.styles.get(key);
  if (key !== undefined && style !== undefined) {
    xml += `${startTag({ name: 'StyleMap', attrs: { id: key } })}<styleUrl>#${RESOLVED}</styleUrl></StyleMap>`;
    xml += `<Style id="${RESOLVED}">${style}</Style>`;
  }
  const fields = [...simpleData].filter((name) => shared.fields.has(name));
  if (fields.length > 0) {
    xml += `<Schema>${fields.map((name) => startTag({ name: 'SimpleField', attrs: { name, type: shared.fields.get(name)! } }).replace(/>$/, '/>')).join('')}</Schema>`;
  }
  return xml;
}

function kmlRecord(feature: GeoFeature, index: number): ImportRecord {
  const mapped = featureToImported(feature, index);
  if (typeof mapped === 'string') return { index, skip: mapped };
  if (mapped.track) mapped.type = 'node';
  return { index, object: mapped };
}
