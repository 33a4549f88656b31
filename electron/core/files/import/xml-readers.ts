/**
 * GPX and KML readers (a KMZ's KML too, unpacked by zip-entry.ts), built on the maintained
 * @tmcw/togeojson converter with @xmldom/xmldom as the DOM (Node has none). Malformed XML fails
 * with the parser's line and column.
 */
import { DOMParser } from '@xmldom/xmldom';
import { gpxGen, kmlGen } from '@tmcw/togeojson';
import { featureToImported } from './feature-mapper.js';
import type { ImportRecord } from './import-types.js';

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

/** GPX: waypoints become nodes, timed tracks one object with history, routes and untimed tracks ways. */
export function* readGpx(text: string): Generator<ImportRecord> {
  const doc = parseXml(text, 'GPX');
  if (doc.documentElement?.nodeName !== 'gpx')
    throw new Error(`the file's root element is <${doc.documentElement?.nodeName}>, not <gpx>`);
  let index = 0;
  let trackNo = 0;
  for (const feature of gpxGen(doc)) {
    const mapped = featureToImported(feature, index);
    if (typeof mapped === 'string') yield { index, skip: mapped };
    else {
      const gpxType = (feature.properties as Record<string, unknown> | null)?._gpxType;
      if (gpxType === 'trk' || gpxType === 'rte') {
        trackNo++;
        if (!feature.id && typeof mapped.tags.name !== 'string') mapped.osmId = `${gpxType}-${trackNo}`;
        else if (!feature.id) mapped.osmId = `${gpxType}-${String(mapped.tags.name)}`;
      } else if (!feature.id && typeof mapped.tags.name === 'string') mapped.osmId = `wpt-${mapped.tags.name}`;
      if (mapped.track) {
        mapped.type = 'node';
        mapped.tags.kind ??= 'track';
      }
      yield { index, object: mapped };
    }
    index++;
  }
}

/** KML placemarks, with TimeStamp as the observation time and gx:Track as history. */
export function* readKml(text: string): Generator<ImportRecord> {
  const doc = parseXml(text, 'KML');
  if (doc.documentElement?.nodeName !== 'kml')
    throw new Error(`the file's root element is <${doc.documentElement?.nodeName}>, not <kml>`);
  let index = 0;
  for (const feature of kmlGen(doc)) {
    const mapped = featureToImported(feature, index);
    if (typeof mapped === 'string') yield { index, skip: mapped };
    else {
      if (mapped.track) mapped.type = 'node';
      yield { index, object: mapped };
    }
    index++;
  }
}
