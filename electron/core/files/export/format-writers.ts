/**
 * Text writers for each export format: a header, one chunk per object (or track), a footer. Each
 * is pure string building, so the exporter can stream millions of objects in bounded memory.
 */
import { geojsonToWKT } from '@terraformer/wkt';
import type { Geometry, OsmObject } from '../../../contract/domain.js';
import { anchorPosition, featureProperties, rewind, toFeature } from './feature-shape.js';

export const EXPORT_FORMATS = ['geojson', 'geojsonseq', 'gpx', 'kml', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json',
  geojsonseq: 'application/geo+json-seq',
  gpx: 'application/gpx+xml',
  kml: 'application/vnd.google-earth.kml+xml',
  csv: 'text/csv; charset=utf-8',
};

export const EXTENSIONS: Record<ExportFormat, string> = {
  geojson: 'geojson',
  geojsonseq: 'geojsonl',
  gpx: 'gpx',
  kml: 'kml',
  csv: 'csv',
};

/** A track: one object's observations in a time window, as positions with times. */
export interface Track {
  object: OsmObject;
  coordinates: number[][];
  times: string[];
}

export interface FormatWriter {
  header(): string;
  object(o: OsmObject, first: boolean): string;
  track(t: Track, first: boolean): string;
  footer(): string;
}

const xml = (s: unknown) =>
  String(s).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
// XML 1.0 forbids most control characters even when escaped.
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xmlText = (s: unknown) => xml(s).replace(XML_FORBIDDEN, '');

function trackFeature(t: Track): unknown {
  return {
    type: 'Feature',
    id: t.object.id,
    geometry: { type: 'LineString', coordinates: t.coordinates },
    properties: { ...featureProperties(t.object), coordinateProperties: { times: t.times } },
  };
}

const geojson: FormatWriter = {
  header: () => '{"type":"FeatureCollection","features":[\n',
  object: (o, first) => (first ? '' : ',\n') + JSON.stringify(toFeature(o)),
  track: (t, first) => (first ? '' : ',\n') + JSON.stringify(trackFeature(t)),
  footer: () => '\n]}\n',
};

const geojsonseq: FormatWriter = {
  header: () => '',
  object: (o) => `${JSON.stringify(toFeature(o))}\n`,
  track: (t) => `${JSON.stringify(trackFeature(t))}\n`,
  footer: () => '',
};

function gpxExtensions(o: OsmObject): string {
  const tags = Object.entries(o.tags)
    .map(([k, v]) => `<ott:tag k="${xmlText(k)}" v="${xmlText(v)}"/>`)
    .join('');
  return `<extensions><ott:osm_id>${xmlText(o.osm_id)}</ott:osm_id><ott:osm_type>${o.type}</ott:osm_type>${tags}</extensions>`;
}
function gpxPoint(tag: string, p: number[], time?: string, name?: unknown, ext = ''): string {
  const ele = p[2] !== undefined ? `<ele>${p[2]}</ele>` : '';
  return `<${tag} lat="${p[1]}" lon="${p[0]}">${ele}${time ? `<time>${time}</time>` : ''}${name !== undefined ? `<name>${xmlText(name)}</name>` : ''}${ext}</${tag}>`;
}
function linesOf(g: Geometry): number[][][] {
  switch (g.type) {
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
    case 'GeometryCollection':
      return g.geometries.flatMap((x) => linesOf(x));
    default:
      return [];
  }
}
const gpx: FormatWriter = {
  header: () =>
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="OSM Object Tracker" xmlns="http://www.topografix.com/GPX/1/1" xmlns:ott="https://osm-object-tracker.invalid/gpx/1">\n',
  object: (o) => {
    const name = o.tags.name ?? `${o.type}/${o.osm_id}`;
    if (o.geom.type === 'Point')
      return `${gpxPoint('wpt', o.geom.coordinates, o.observed_at, name, gpxExtensions(o))}\n`;
    if (o.geom.type === 'MultiPoint')
      return o.geom.coordinates.map((p) => `${gpxPoint('wpt', p, o.observed_at, name)}\n`).join('');
    const segs = linesOf(o.geom)
      .map((line) => `<trkseg>${line.map((p) => gpxPoint('trkpt', p)).join('')}</trkseg>`)
      .join('');
    return `<trk><name>${xmlText(name)}</name>${gpxExtensions(o)}${segs}</trk>\n`;
  },
  track: (t) => {
    const name = t.object.tags.name ?? `${t.object.type}/${t.object.osm_id}`;
    const pts = t.coordinates.map((p, i) => gpxPoint('trkpt', p, t.times[i])).join('');
    return `<trk><name>${xmlText(name)}</name>${gpxExtensions(t.object)}<trkseg>${pts}</trkseg></trk>\n`;
  },
  footer: () => '</gpx>\n',
};

function kmlCoords(c: number[][]): string {
  return `<coordinates>${c.map((p) => p.join(',')).join(' ')}</coordinates>`;
}
function kmlGeometry(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point>${kmlCoords([g.coordinates])}</Point>`;
    case 'LineString':
      return `<LineString>${kmlCoords(g.coordinates)}</LineString>`;
    case 'Polygon':
      return `<Polygon>${g.coordinates.map((r, i) => (i === 0 ? `<outerBoundaryIs><LinearRing>${kmlCoords(r)}</LinearRing></outerBoundaryIs>` : `<innerBoundaryIs><LinearRing>${kmlCoords(r)}</LinearRing></innerBoundaryIs>`)).join('')}</Polygon>`;
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((p) => kmlGeometry({ type: 'Point', coordinates: p })).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((l) => kmlGeometry({ type: 'LineString', coordinates: l })).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map((p) => kmlGeometry({ type: 'Polygon', coordinates: p })).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map((x) => kmlGeometry(x)).join('')}</MultiGeometry>`;
  }
}
function kmlData(o: OsmObject): string {
  const data = Object.entries(featureProperties(o))
    .map(([k, v]) => `<Data name="${xmlText(k)}"><value>${xmlText(v)}</value></Data>`)
    .join('');
  return `<ExtendedData>${data}</ExtendedData>`;
}
const kml: FormatWriter = {
  header: () =>
    '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document><name>OSM Object Tracker export</name>\n',
  object: (o) =>
    `<Placemark id="${xmlText(o.id)}"><name>${xmlText(o.tags.name ?? `${o.type}/${o.osm_id}`)}</name><TimeStamp><when>${o.observed_at}</when></TimeStamp>${kmlData(o)}${kmlGeometry(rewind(o.geom))}</Placemark>\n`,
  track: (t) =>
    `<Placemark id="${xmlText(t.object.id)}"><name>${xmlText(t.object.tags.name ?? `${t.object.type}/${t.object.osm_id}`)}</name>${kmlData(t.object)}<gx:Track>${t.times.map((w) => `<when>${w}</when>`).join('')}${t.coordinates.map((p) => `<gx:coord>${p.join(' ')}</gx:coord>`).join('')}</gx:Track></Placemark>\n`,
  footer: () => '</Document></kml>\n',
};

const csvCell = (v: unknown) => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV needs its tag columns up front: the exporter collects them in a first pass. */
export function createCsvWriter(tagKeys: string[]): FormatWriter {
  const fixed = ['id', 'osm_id', 'osm_type', 'source_id', 'observed_at', 'lon', 'lat', 'wkt'];
  const row = (o: OsmObject, geom: Geometry) => {
    const [lon, lat] = anchorPosition(geom);
    const cells = [o.id, o.osm_id, o.type, o.source_id, o.observed_at, lon, lat, geojsonToWKT(geom as never)];
    return [...cells, ...tagKeys.map((k) => o.tags[k])].map(csvCell).join(',') + '\r\n';
  };
  return {
    header: () =>
      [...fixed, ...tagKeys.map((k) => (fixed.includes(k) ? `tag:${k}` : k))].map(csvCell).join(',') + '\r\n',
    object: (o) => row(o, o.geom),
    track: (t) => row(t.object, { type: 'LineString', coordinates: t.coordinates }),
    footer: () => '',
  };
}

export const FORMAT_WRITERS: Record<Exclude<ExportFormat, 'csv'>, FormatWriter> = { geojson, geojsonseq, gpx, kml };
