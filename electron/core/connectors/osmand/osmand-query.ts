/**
 * The OsmAnd query-string form (OsmAnd, Traccar Client up to 8, Traccar's load generator), in the
 * URL or a form body: `id`/`deviceid`, `lat`/`lon` or `location`, `timestamp`, `speed` (knots),
 * `bearing`/`heading`, `altitude`, `accuracy`, `hdop`, `batt`, any other key kept as a typed tag.
 */
import {
  clip,
  invalid,
  KNOT_MS,
  nonNegative,
  personTags,
  readTime,
  refuseDevice,
  setIf,
  typedValue,
  withPosition,
  type OsmandDecodeOptions,
  type OsmandDecoded,
} from './osmand-fields.js';

/** Decodes one request's parameters; throws AppError('INVALID_INPUT') with one sentence. */
export function decodeQuery(params: URLSearchParams, options: OsmandDecodeOptions): OsmandDecoded {
  const deviceId = (params.get('id') ?? params.get('deviceid') ?? '').trim();
  if (deviceId === '') {
    return { ok: false, status: 400, reason: "The request has no device id (query parameter 'id' or 'deviceid')." };
  }
  const refused = refuseDevice(deviceId, options);
  if (refused) return refused;

  const tags = personTags();
  let lat: number | undefined;
  let lon: number | undefined;
  let observedAt = options.now;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    const value = values.at(-1) ?? '';
    switch (key) {
      case 'id':
      case 'deviceid':
        break;
      case 'timestamp':
        observedAt = readTime(value, "query parameter 'timestamp'", options.now);
        break;
      case 'lat':
        lat = readNumber(value, 'lat');
        break;
      case 'lon':
        lon = readNumber(value, 'lon');
        break;
      case 'location':
        [lat, lon] = readLocation(value);
        break;
      case 'speed':
        setIf(tags, 'speed', nonNegative(readNumber(value, 'speed')), KNOT_MS);
        break;
      case 'bearing':
      case 'heading':
        setIf(tags, 'heading', nonNegative(readNumber(value, key)));
        break;
      case 'altitude':
        tags['altitude'] = readNumber(value, 'altitude');
        break;
      case 'accuracy':
      case 'hdop':
      case 'batt':
        tags[`osmand:${key}`] = readNumber(value, key);
        break;
      default:
        // Repeated keys (Traccar's `cell`, `wifi`) keep every value, `;`-separated as in OSM.
        tags[`osmand:${key}`] = values.length > 1 ? values.join(';') : typedValue(value);
    }
  }
  return withPosition(deviceId, lat, lon, tags, observedAt, options);
}

function readLocation(value: string): [number, number] {
  const parts = value.split(',');
  if (parts.length !== 2) throw invalid(`Query parameter 'location' must be 'lat,lon', got '${clip(value)}'.`);
  return [readNumber(parts[0] ?? '', 'location'), readNumber(parts[1] ?? '', 'location')];
}

function readNumber(value: string, key: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n)) throw invalid(`Query parameter '${key}' must be a number, got '${clip(value)}'.`);
  return n;
}
