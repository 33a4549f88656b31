/**
 * `GET /api/objects/{id}/track?from=&to=&format=geojson|gpx|kml[&limit=]`: one object's positions
 * in a time window as a file (a GeoJSON Feature, a GPX track, a KML gx:Track), from the dispatcher's
 * `objects.get` and `objects.track` like every REST route, streamed with backpressure.
 */
import { once } from 'node:events';
import type { OsmObject, Track } from '../../contract/domain.js';
import { AppError } from '../../contract/errors.js';
import { sendError } from '../hub/http-io.js';
import { limitFromQuery, timeWindowFromQuery } from '../hub/query-filter.js';
import type { CallContext, DispatcherLike, RouteHandler } from '../hub/types.js';
import { CONTENT_TYPES, EXTENSIONS } from './export/format-writers.js';
import { TRACK_FORMATS, trackDocument, type TrackFormat } from './export/track-writers.js';

export const TRACK_ROUTE = '/api/objects/:id/track';

/** The route's handler; `context` is the REST caller the dispatcher sees. */
export function createTrackRoute(dispatcher: DispatcherLike, context: CallContext): RouteHandler {
  return async (_req, res, { params, url }) => {
    const id = params['id']!;
    const q = url.searchParams;
    const format = trackFormat(q.get('format'));
    const window = timeWindowFromQuery(q);
    const limit = limitFromQuery(q);
    const object = await dispatcher.dispatch('objects.get', { id }, context);
    if (!object.ok) return sendError(res, object.error);
    const track = await dispatcher.dispatch(
      'objects.track',
      { id, ...window, ...(limit !== undefined ? { limit } : {}) },
      context,
    );
    if (!track.ok) return sendError(res, track.error);
    const o = object.result as OsmObject;
    const t = track.result as Track;
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${fileName(o)}.${EXTENSIONS[format]}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // The window held more positions than `limit`: these are the newest.
      ...(t.truncated ? { 'X-Track-Truncated': 'true' } : {}),
    });
    // A client that goes away ends the writing (no wait for a drain that never comes).
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    try {
      for (const chunk of trackDocument(format, o, t)) {
        if (!res.write(chunk)) await once(res, 'drain', { signal: gone.signal });
      }
    } catch (err) {
      if (gone.signal.aborted) return;
      throw err;
    }
    res.end();
  };
}

function trackFormat(raw: string | null): TrackFormat {
  if (raw === null || raw === '') return 'geojson';
  if ((TRACK_FORMATS as readonly string[]).includes(raw)) return raw as TrackFormat;
  throw new AppError(
    'INVALID_INPUT',
    `Query parameter 'format' must be one of ${TRACK_FORMATS.join(', ')}, got '${raw.slice(0, 40)}'.`,
  );
}

/** `track-<osm_id>`, kept to characters every file system and header accepts. */
function fileName(o: OsmObject): string {
  const id = o.osm_id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `track-${id || o.id}`;
}
