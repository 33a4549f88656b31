/**
 * Validates one imported object into ingest ops, by the same geometry and tag rules as the hub
 * (core/geometry, core/tags); runs in the import worker, so a file's validation never blocks the hub.
 */
import type { ObjectType } from '../../../contract/domain.js';
import type { IngestOp } from '../../../../db/store.js';
import { parseGeometry } from '../../geometry.js';
import { normalizeTags } from '../../tags.js';
import type { ImportedObject } from './import-types.js';

/** The ops for one object (a timed track gives one op per vertex), or the reason it was skipped. */
export function toOps(o: ImportedObject, sourceId: string, now: number): IngestOp[] | string {
  try {
    const tags = normalizeTags(o.tags);
    if (o.track) {
      return o.track.coordinates.map((position, i) => ({
        op: 'upsert' as const,
        sourceId,
        type: 'node' as ObjectType,
        osmId: o.osmId,
        tags,
        geom: parseGeometry({ type: 'Point', coordinates: position }, 'node'),
        observedAt: o.track!.times[i]!,
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
