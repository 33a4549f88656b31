/**
 * Text writers for each export format: a header, one chunk per object (or track), a footer. Each
 * is pure string building, so the exporter can stream millions of objects in bounded memory.
 */
import { geojsonToWKT } from '@terraformer/wkt';
import type { Geometry, OsmObject, Track } from '../../../contract/domain.js';
import { anchorPosition, rewind, toFeature } from './feature-shape.js';
import { geojsonTrackFeature, gpxTrack, kmlTrack } from './track-writers.js';
import {
  GPX_FOOTER,
  GPX_HEADER,
  gpxExtensions,
  KML_FOOTER,
  KML_HEADER,
  kmlData,
  objectName,
  xmlText,
} from './xml-parts.js';

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

export interface FormatWriter {
  header(): string;
  object(o: OsmObject, first: boolean): string;
  /** One object's positions in an export's time window, in chunks (a long track is never one string). */
  track(o: OsmObject, t: Track, first: boolean): Iterable<string>;
  footer(): string;
}

function* withPrefix(prefix: string, chunks: Iterable<string>): Generator<string> {
  yield prefix;
  yield* chunks;
}
function* withSuffix(chunks: Iterable<string>, suffix: string): Generator<string> {
  yield* chunks;
  yield suffix;
}

const geojson: FormatWriter = {
  header: () => '{"type":"FeatureCollection","features":[\n',
  object: (o, first) => (first ? '' : ',\n') + JSON.stringify(toFeature(o)),
  track: (o, t, first) => withPrefix(first ? '' : ',\n', geojsonTrackFeature(o, t)),
  footer: () => '\n]}\n',
};

const geojsonseq: FormatWriter = {
  header: () => '',
  object: (o) => `${JSON.stringify(toFeature(o))}\n`,
  track: (o, t) => withSuffix(geojsonTrackFeature(o, t), '\n'),
  footer: () => '',
};

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
  header: () => GPX_HEADER,
  object: (o) => {
    const name = objectName(o);
    if (o.geom.type === 'Point')
      return `${gpxPoint('wpt', o.geom.coordinates, o.observed_at, name, gpxExtensions(o))}\n`;
    if (o.geom.type === 'MultiPoint')
      return o.geom.coordinates.map((p) => `${gpxPoint('wpt', p, o.observed_at, name)}\n`).join('');
    const segs = linesOf(o.geom)
      .map((line) => `<trkseg>${line.map((p) => gpxPoint('trkpt', p)).join('')}</trkseg>`)
      .join('');
    return `<trk><name>${xmlText(name)}</name>${gpxExtensions(o)}${segs}</trk>\n`;
  },
  track: (o, t) => gpxTrack(o, t),
  footer: () => GPX_FOOTER,
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
const kml: FormatWriter = {
  header: () => KML_HEADER,
  object: (o) =>
    `<Placemark id="${xmlText(o.id)}"><name>${xmlText(objectName(o))}</name><TimeStamp><when>${o.observed_at}</when></TimeStamp>${kmlData(o)}${kmlGeometry(rewind(o.geom))}</Placemark>\n`,
  track: (o, t) => kmlTrack(o, t),
  footer: () => KML_FOOTER,
};

/** One RFC 4180 CSV cell: quoted when it holds a quote, comma or line break, or starts like a spreadsheet formula. */
export const csvCell = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Per-position values of a track, written in the CSV columns of the tags they stand for. */
export const POSITION_TAGS = ['speed', 'heading', 'altitude'] as const;

/**
 * CSV needs its tag columns up front: the exporter collects them in a first pass (with a time
 * window, POSITION_TAGS too). A track is one row per position: its time in `observed_at`, its
 * lon/lat, a POINT, the object's tags with that position's speed, heading and altitude.
 */
export function createCsvWriter(tagKeys: string[]): FormatWriter {
  const fixed = ['id', 'osm_id', 'osm_type', 'source_id', 'observed_at', 'lon', 'lat', 'wkt'];
  const row = (o: OsmObject, geom: Geometry, tags: Record<string, unknown> = o.tags, observedAt = o.observed_at) => {
    const [lon, lat] = anchorPosition(geom);
    const cells = [o.id, o.osm_id, o.type, o.source_id, observedAt, lon, lat, geojsonToWKT(geom as never)];
    return [...cells, ...tagKeys.map((k) => tags[k])].map(csvCell).join(',') + '\r\n';
  };
  return {
    header: () =>
      [...fixed, ...tagKeys.map((k) => (fixed.includes(k) ? `tag:${k}` : k))].map(csvCell).join(',') + '\r\n',
    object: (o) => row(o, o.geom),
    *track(o, t) {
      for (let start = 0; start < t.times.length; start += 1000) {
        let rows = '';
        for (let i = start; i < Math.min(t.times.length, start + 1000); i++) {
          const tags = { ...o.tags, speed: t.speed[i], heading: t.heading[i], altitude: t.altitude[i] };
          const point: Geometry = { type: 'Point', coordinates: [t.lon[i]!, t.lat[i]!] };
          rows += row(o, point, tags, new Date(t.times[i]!).toISOString());
        }
        yield rows;
      }
    },
    footer: () => '',
  };
}

export const FORMAT_WRITERS: Record<Exclude<ExportFormat, 'csv'>, FormatWriter> = { geojson, geojsonseq, gpx, kml };
