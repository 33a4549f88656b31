/**
 * AIS reports → upserts, for both AIS adapters (nmea, gpsd): the common tags (ais-tags.ts), dated
 * by ais-time.ts, with a bounded cache per MMSI of the last position and the static data.
 *
 * - A report with a position stores it, with every static field heard so far.
 * - A report that brings static data (types 5, 19, 21, 24) re-stores the last position with the
 *   merged tags, 1 ms after the newest stored time: static reports carry no time, and the next
 *   position report (dated by its UTC second, possibly before this arrival) must still be newer.
 * - A report with neither (a position report whose position is "not available") stores nothing:
 *   it says nothing new about the object, so re-storing would only add a history row.
 */
import type { Tags } from '../../../contract/domain.js';
import { AppError } from '../../../contract/errors.js';
import type { UpsertOp } from '../../ingest/normalize.js';
import { normalizeTags } from '../../tags.js';
import type { AisReport } from './ais-report.js';
import { aisKind, aisPositionTags, aisStaticTags } from './ais-tags.js';
import { aisReportTime } from './ais-time.js';

interface Vessel {
  statics: Tags;
  last?: { lon: number; lat: number; tags: Tags };
  /** The newest observation time stored for the vessel (positions may arrive out of order). */
  newest: number;
}

/** What one report gave: an upsert, nothing, or why its static data was refused. */
export interface AisApplied {
  op?: UpsertOp;
  rejected?: string;
}

export interface AisVessels {
  /** Applies a report received at `arrival` (epoch ms). */
  apply(report: AisReport, arrival: number): AisApplied;
  size(): number;
}

/** A cache of at most `maxVessels` MMSIs (the least recently heard is forgotten first). */
export function createAisVessels(sourceId: string, maxVessels: number): AisVessels {
  const vessels = new Map<number, Vessel>();

  const upsert = (mmsi: number, v: Vessel, observedAt: number): UpsertOp => {
    const last = v.last!;
    v.newest = Math.max(v.newest, observedAt);
    return {
      op: 'upsert',
      sourceId,
      type: 'node',
      osmId: String(mmsi),
      tags: normalizeTags({ ...v.statics, ...last.tags }),
      geom: { type: 'Point', coordinates: [last.lon, last.lat] },
      observedAt,
    };
  };

  return {
    apply(r, arrival) {
      let own: Tags;
      try {
        // Checked before it joins the vessel: a bad name is refused once, not with every later position.
        own = normalizeTags(aisStaticTags(r.statics));
      } catch (err) {
        if (err instanceof AppError) return { rejected: err.message };
        throw err;
      }
      const vessel = vessels.get(r.mmsi) ?? { statics: {}, newest: 0 };
      vessels.delete(r.mmsi);
      vessels.set(r.mmsi, vessel);
      if (vessels.size > maxVessels) vessels.delete(vessels.keys().next().value as number);
      const hasStatics = Object.keys(own).length > 0;
      vessel.statics = { ...vessel.statics, ...own };
      if (r.lon !== undefined && r.lat !== undefined && aisKind(r.type) !== undefined) {
        vessel.last = { lon: r.lon, lat: r.lat, tags: aisPositionTags(r) };
        return { op: upsert(r.mmsi, vessel, aisReportTime(r, arrival)) };
      }
      if (hasStatics && vessel.last) return { op: upsert(r.mmsi, vessel, vessel.newest + 1) };
      return {};
    },
    size: () => vessels.size,
  };
}
