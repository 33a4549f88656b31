/**
 * Validates one imported object into ingest ops, by the same geometry and tag rules as the hub
 * (core/geometry, core/tags); runs in the import worker, so a file's validation never blocks the hub.
 */
import type { ObjectType, Tags } from '../../../contract/domain.js';
import type { IngestOp } from '../../../../db/store.js';
import { parseGeometry } from '../../geometry.js';
import { normalizeTags } from '../../tags.js';
import type { ImportedObject, ImportedTrack } from './import-types.js';

const POSITION_KEYS = ['speed', 'heading', 'altitude'] as const;

/**
 * The tags of a track's i-th observation: the object's tags with that position's speed, heading
 * and altitude where the track has those columns (removed where the position has none).
 */
function positionTags(tags: Tags, track: ImportedTrack, i: number): Tags {
  if (!POSITION_KEYS.some((k) => track[k])) return tags;
  const out = Object.assign(Object.create(null) as Tags, tags);
  for (const key of POSITION_KEYS) {
    const values = track[key];
    if (!values) continue;
    const value = values[i];
    if (value === null || value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** The ops for one object (a timed track gives one op per vertex), or the reason it was skipped. */
export function toOps(o: ImportedObject, sourceId: string, now: number): IngestOp[] | string {
  try {
    const tags = normalizeTags(o.tags);
    const track = o.track;
    if (track) {
      return track.coordinates.map((position, i) => ({
        op: 'upsert' as const,
        sourceId,
        type: 'node' as ObjectType,
        osmId: o.osmId,
        tags: positionTags(tags, track, i),
        // 2D: the altitude (a third coordinate in the file) is the position's `altitude` tag.
        geom: parseGeometry({ type: 'Point', coordinates: position.slice(0, 2) }, 'node'),
        observedAt: track.times[i]!,
      }));
    }
    const geom = parseGeometry(o.geom, o.type);
    return [
      {
        op: 'upsert',
        sourceId,
        type: o.type,
        osmId: o.osmId,
        tags,
        geom,
        observedAt: o.observedAt ?? now,
        ...(o.tainted ? { tainted: true } : {}),
      },
    ];
  } catch (err) {
    return `${o.type} '${o.osmId}': ${(err as Error).message}`;
  }
}
