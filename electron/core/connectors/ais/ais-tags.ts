/**
 * The common AIS mapping (docs/adapters/nmea.md, gpsd.md): one report in plain units → the tags of
 * a vessel, base station, aid to navigation or SAR aircraft.
 */
import type { Tags } from '../../../contract/domain.js';
import type { AisReport, AisStatic } from './ais-report.js';

export const KNOTS_TO_MS = 0.514444;

/** Types whose position makes an object, and the object's kind. */
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
const CLASS_BY_TYPE: Record<number, 'A' | 'B'> = { 1: 'A', 2: 'A', 3: 'A', 18: 'B', 19: 'B' };

/** The kind of object a report's position makes, or undefined for static-only types (5, 24). */
export function aisKind(type: number): string | undefined {
  return KIND_BY_TYPE[type];
}

/** The static tags a report carries (name, call sign, IMO, ship type, voyage, dimensions, aid type). */
export function aisStaticTags(st: AisStatic): Tags {
  const tags: Tags = {};
  if (st.name !== undefined) tags.name = st.name;
  if (st.callsign !== undefined) tags['ais:callsign'] = st.callsign;
  if (st.imo !== undefined) tags['ais:imo'] = st.imo;
  if (st.shiptype !== undefined) tags['ais:shiptype'] = st.shiptype;
  if (st.destination !== undefined) tags['ais:destination'] = st.destination;
  if (st.draught !== undefined) tags['ais:draught'] = st.draught;
  if (st.length !== undefined) tags['ais:length'] = st.length;
  if (st.beam !== undefined) tags['ais:beam'] = st.beam;
  if (st.aidType !== undefined) tags['ais:aid_type'] = st.aidType;
  return tags;
}

/** The tags of a positioned report apart from static data: kind, SI motion tags, the `ais:` fields. */
export function aisPositionTags(r: AisReport): Tags {
  const tags: Tags = { kind: aisKind(r.type) ?? 'ship' };
  const cls = CLASS_BY_TYPE[r.type];
  if (cls !== undefined) tags['ais:class'] = cls;
  if (r.speed !== undefined) tags.speed = r.speed * KNOTS_TO_MS;
  const heading = r.heading ?? r.course;
  if (heading !== undefined) tags.heading = heading;
  if (r.altitude !== undefined) tags.altitude = r.altitude;
  if (r.course !== undefined) tags['ais:course'] = r.course;
  if (r.status !== undefined) tags['ais:status'] = r.status;
  if (r.turn !== undefined) tags['ais:turn'] = r.turn;
  if (r.accuracy !== undefined) tags['ais:accuracy'] = r.accuracy;
  return tags;
}
