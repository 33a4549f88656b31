/**
 * Decoded AIS reports → upserts with the common mapping (docs/adapters/nmea.md). A small cache per
 * MMSI keeps each station's last position and its static data (types 5, 19, 21, 24), so a static
 * report re-stores the last position with the merged tags, and every later position carries them.
 */
import type { TagValue, Tags } from '../../../contract/domain.js';
import { toTagMap } from '../../tags.js';
import type { UpsertOp } from '../../ingest/normalize.js';
import type { AisReport, AisStatic } from './ais-messages.js';

export const KNOTS_TO_MS = 0.514444;

interface Station {
  lon?: number;
  lat?: number;
  /** Epoch ms of the last stored upsert. */
  observedAt: number;
  kind: string;
  dynamic: Record<string, TagValue>;
  statics: AisStatic;
}

export interface AisStations {
  /** The upsert for a report received at `arrival` (epoch ms), or undefined while the station has no position. */
  apply(report: AisReport, arrival: number): UpsertOp | undefined;
  size(): number;
}

/** A cache of at most `maxStations` stations (the least recently heard is forgotten first). */
export function createAisStations(sourceId: string, maxStations: number): AisStations {
  const stations = new Map<number, Station>();
  return {
    apply(report, arrival) {
      const prior = stations.get(report.mmsi);
      const st: Station = prior ?? { observedAt: 0, kind: 'ship', dynamic: {}, statics: {} };
      stations.delete(report.mmsi);
      stations.set(report.mmsi, st);
      if (stations.size > maxStations) stations.delete(stations.keys().next().value as number);
      st.kind = KIND_BY_TYPE[report.type] ?? st.kind;
      Object.assign(st.statics, report.statics);
      let observedAt: number;
      if (report.lon !== undefined && report.lat !== undefined) {
        st.lon = report.lon;
        st.lat = report.lat;
        st.dynamic = dynamicTags(report);
        observedAt = report.time ?? (report.second !== undefined ? atSecond(arrival, report.second) : arrival);
      } else {
        // Static data carries no time: 1 ms after the stored report, so the next position report
        // (timed by its UTC second, possibly before this arrival) still counts as newer.
        observedAt = st.observedAt + 1;
      }
      if (st.lon === undefined || st.lat === undefined) return undefined;
      st.observedAt = Math.max(st.observedAt, observedAt);
      return {
        op: 'upsert',
        sourceId,
        type: 'node',
        osmId: String(report.mmsi),
        tags: toTagMap({ kind: st.kind, ...staticTags(st.statics), ...st.dynamic }),
        geom: { type: 'Point', coordinates: [st.lon, st.lat] },
        observedAt,
      };
    },
    size: () => stations.size,
  };
}

/** The kind a positioned report makes; static-only types (5, 24) keep the station's kind. */
const KIND_BY_TYPE: Record<number, string> = {
  1: 'ship',
  2: 'ship',
  3: 'ship',
  4: 'base_station',
  9: 'aircraft',
  18: 'ship',
  19: 'ship',
  21: 'aton',
  27: 'ship',
};

const CLASS_BY_TYPE: Record<number, string> = { 1: 'A', 2: 'A', 3: 'A', 18: 'B', 19: 'B' };

/** The latest time at or before `arrival` whose UTC second is `second`. */
export function atSecond(arrival: number, second: number): number {
  const t = Math.floor(arrival / 60_000) * 60_000 + second * 1000;
  return t > arrival ? t - 60_000 : t;
}

function dynamicTags(r: AisReport): Record<string, TagValue> {
  const tags: Record<string, TagValue> = {};
  if (r.speed !== undefined) tags.speed = r.speed * KNOTS_TO_MS;
  const heading = r.heading ?? r.course;
  if (heading !== undefined) tags.heading = heading;
  if (r.altitude !== undefined) tags.altitude = r.altitude;
  const cls = CLASS_BY_TYPE[r.type];
  if (cls !== undefined) tags['ais:class'] = cls;
  if (r.course !== undefined) tags['ais:course'] = r.course;
  if (r.status !== undefined) tags['ais:status'] = r.status;
  if (r.turn !== undefined) tags['ais:turn'] = r.turn;
  if (r.accuracy !== undefined) tags['ais:accuracy'] = r.accuracy;
  return tags;
}

function staticTags(s: AisStatic): Tags {
  const tags: Record<string, TagValue> = {};
  const put = (key: string, value: TagValue | undefined) => {
    if (value !== undefined) tags[key] = value;
  };
  put('name', s.name);
  put('ais:shiptype', s.shiptype);
  put('ais:callsign', s.callsign);
  put('ais:imo', s.imo);
  put('ais:destination', s.destination);
  put('ais:draught', s.draught);
  put('ais:length', s.length);
  put('ais:beam', s.beam);
  put('ais:aid_type', s.aidType);
  return tags;
}
