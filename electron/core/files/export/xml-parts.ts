/**
 * The pieces the GPX and KML writers share (the export's object writers and the track writers):
 * escaping, document headers, an object's name, its tags as GPX extensions or KML ExtendedData, and
 * coordinates written at the store's precision.
 */
import type { OsmObject } from '../../../contract/domain.js';
import { featureProperties } from './feature-shape.js';

const xml = (s: unknown) =>
  String(s).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
// XML 1.0 forbids most control characters even when escaped.
// eslint-disable-next-line no-control-regex -- these are exactly the characters XML 1.0 forbids
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text or an attribute value, escaped, with the characters XML 1.0 forbids dropped. */
export const xmlText = (s: unknown) => xml(s).replace(XML_FORBIDDEN, '');

export const GPX_HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="OSM Object Tracker" xmlns="http://www.topografix.com/GPX/1/1" ' +
  'xmlns:ott="https://osm-object-tracker.invalid/gpx/1">\n';
export const GPX_FOOTER = '</gpx>\n';

export const KML_HEADER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document><name>OSM Object Tracker export</name>\n';
export const KML_FOOTER = '</Document></kml>\n';

/** What a GPX track or KML placemark is called: the `name` tag, else `type/osm_id`. */
export const objectName = (o: OsmObject) => o.tags.name ?? `${o.type}/${o.osm_id}`;

/** The object's identity and tags as GPX `<extensions>` (our own namespace). */
export function gpxExtensions(o: OsmObject): string {
  const tags = Object.entries(o.tags)
    .map(([k, v]) => `<ott:tag k="${xmlText(k)}" v="${xmlText(v)}"/>`)
    .join('');
  return `<extensions><ott:osm_id>${xmlText(o.osm_id)}</ott:osm_id><ott:osm_type>${o.type}</ott:osm_type>${tags}</extensions>`;
}

/** The object's feature properties (tags and identity) as KML `<ExtendedData>`. */
export function kmlData(o: OsmObject): string {
  const data = Object.entries(featureProperties(o))
    .map(([k, v]) => `<Data name="${xmlText(k)}"><value>${xmlText(v)}</value></Data>`)
    .join('');
  return `<ExtendedData>${data}</ExtendedData>`;
}

/**
 * A coordinate as a plain decimal with at most 7 decimals (the store keeps 1e-7°, so nothing is
 * lost), never in exponent form, which xsd:decimal (GPX lat/lon) does not allow.
 */
export function decimal7(n: number): string {
  const s = (Math.round(n * 1e7) / 1e7).toFixed(7).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
