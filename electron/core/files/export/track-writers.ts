/**
 * Writers for one object's track (its positions with times, from `store.track`): a GeoJSON Feature
 * with a LineString and `properties.coordinateProperties.times` (the shape @tmcw/togeojson reads
 * and writes), a GPX 1.1 `<trk>` with one `<trkpt>` and `<time>` per position, and a KML
 * `gx:Track`. Each yields its text in chunks of CHUNK positions, so a day-long track is never built
 * as one string; coordinates are written with 7 decimals, the store's precision, so an import of
 * the file gives back the same positions.
 */
import type { OsmObject, Track } from '../../../contract/domain.js';
import { missingCaseError } from '../../../contract/errors.js';
import { featureProperties } from './feature-shape.js';
import {
  decimal7,
  GPX_FOOTER,
  GPX_HEADER,
  gpxExtensions,
  KML_FOOTER,
  KML_HEADER,
  kmlData,
  objectName,
  xmlText,
} from './xml-parts.js';

/** Positions per yielded chunk. */
const CHUNK = 1000;

export const TRACK_FORMATS = ['geojson', 'gpx', 'kml'] as const;
export type TrackFormat = (typeof TRACK_FORMATS)[number];

/** A number as xsd:decimal wants it (never `1e-7`). */
function plainDecimal(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? n.toFixed(20).replace(/\.?0+$/, '') : s;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Yields `each(i)` joined by `sep` for every position, CHUNK positions per string. */
function* chunked(count: number, each: (i: number) => string, sep = ''): Generator<string> {
  for (let start = 0; start < count; start += CHUNK) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) parts.push(each(i));
    yield (start === 0 ? '' : sep) + parts.join(sep);
  }
}

const hasAny = (values: Array<number | null>) => values.some((v) => v !== null);

/**
 * The Feature of a track. Two or more positions make a LineString, one a Point, none no geometry.
 * Altitude is the third coordinate when every position has one; `coordinateProperties` holds
 * `times` (ISO) and, when any position has them, `speeds` (m/s), `headings` (degrees) and
 * `altitudes` (m), aligned with the coordinates, null where a position had none.
 */
export function* geojsonTrackFeature(o: OsmObject, t: Track): Generator<string> {
  const n = t.times.length;
  const is3d = n > 0 && t.altitude.every((a) => a !== null);
  const position = (i: number) => `[${decimal7(t.lon[i]!)},${decimal7(t.lat[i]!)}${is3d ? `,${t.altitude[i]}` : ''}]`;
  yield `{"type":"Feature","id":${JSON.stringify(o.id)},"geometry":`;
  if (n === 0) yield 'null';
  else if (n === 1) yield `{"type":"Point","coordinates":${position(0)}}`;
  else {
    yield '{"type":"LineString","coordinates":[';
    yield* chunked(n, position, ',');
    yield ']}';
  }
  const props = JSON.stringify(featureProperties(o));
  yield `,"properties":${props.slice(0, -1)}${props.length > 2 ? ',' : ''}"coordinateProperties":{"times":[`;
  yield* chunked(n, (i) => `"${iso(t.times[i]!)}"`, ',');
  yield ']';
  const columns = [
    ['speeds', t.speed],
    ['headings', t.heading],
    ['altitudes', t.altitude],
  ] as const;
  for (const [name, values] of columns) {
    if (!hasAny(values)) continue;
    yield `,"${name}":[`;
    yield* chunked(n, (i) => JSON.stringify(values[i] ?? null), ',');
    yield ']';
  }
  yield '}}}';
}

/**
 * One `<trkpt>`: position, `<ele>` from the altitude, `<time>`, and speed (m/s) and course (degrees)
 * as flat elements of our extension namespace, which GDAL reads as the fields `ott_speed` and
 * `ott_course` and togeojson as `coordinateProperties["ott:speeds"]` and `["ott:courses"]`.
 */
function gpxTrackPoint(t: Track, i: number): string {
  const alt = t.altitude[i];
  const speed = t.speed[i];
  const course = t.heading[i];
  const ext =
    speed != null || course != null
      ? '<extensions>' +
        (speed != null ? `<ott:speed>${plainDecimal(speed)}</ott:speed>` : '') +
        (course != null ? `<ott:course>${plainDecimal(course)}</ott:course>` : '') +
        '</extensions>'
      : '';
  return (
    `<trkpt lat="${decimal7(t.lat[i]!)}" lon="${decimal7(t.lon[i]!)}">` +
    (alt != null ? `<ele>${plainDecimal(alt)}</ele>` : '') +
    `<time>${iso(t.times[i]!)}</time>${ext}</trkpt>`
  );
}

/** A GPX `<trk>` named after the object, with its identity and tags as extensions and one `<trkseg>`. */
export function* gpxTrack(o: OsmObject, t: Track): Generator<string> {
  yield `<trk><name>${xmlText(objectName(o))}</name>${gpxExtensions(o)}<trkseg>`;
  yield* chunked(t.times.length, (i) => gpxTrackPoint(t, i), '\n');
  yield '</trkseg></trk>\n';
}

/**
 * A KML Placemark with a `gx:Track`: every `<when>`, then every `<gx:coord>` (lon lat alt); with
 * altitudes the track is `absolute`, else clamped to the ground as KML's default.
 */
export function* kmlTrack(o: OsmObject, t: Track): Generator<string> {
  const n = t.times.length;
  const withAltitude = hasAny(t.altitude);
  yield `<Placemark id="${xmlText(o.id)}"><name>${xmlText(objectName(o))}</name>${kmlData(o)}<gx:Track>`;
  if (withAltitude) yield '<altitudeMode>absolute</altitudeMode>';
  yield* chunked(n, (i) => `<when>${iso(t.times[i]!)}</when>`);
  yield* chunked(n, (i) => {
    const alt = t.altitude[i];
    return `<gx:coord>${decimal7(t.lon[i]!)} ${decimal7(t.lat[i]!)}${alt != null ? ` ${plainDecimal(alt)}` : ''}</gx:coord>`;
  });
  yield '</gx:Track></Placemark>\n';
}

/** The whole file of one track (`GET /api/objects/{id}/track`): a Feature, a GPX or a KML document. */
export function* trackDocument(format: TrackFormat, o: OsmObject, t: Track): Generator<string> {
  switch (format) {
    case 'geojson':
      yield* geojsonTrackFeature(o, t);
      yield '\n';
      return;
    case 'gpx':
      yield GPX_HEADER;
      yield* gpxTrack(o, t);
      yield GPX_FOOTER;
      return;
    case 'kml':
      yield KML_HEADER;
      yield* kmlTrack(o, t);
      yield KML_FOOTER;
      return;
    default:
      throw missingCaseError(format);
  }
}
