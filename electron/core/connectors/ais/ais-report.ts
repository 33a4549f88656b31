/**
 * One AIS report in plain units: the shape both AIS adapters decode to (nmea from the radio's own
 * bits, gpsd from its JSON) and the vessel cache (ais-vessels.ts) maps to objects.
 */

/** The message types the tracker plots or merges; others decode to nothing. */
export const AIS_TYPES: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 9, 18, 19, 21, 24, 27]);

/** Static and voyage data (types 5, 19, 21, 24); absent fields were not given. */
export interface AisStatic {
  name?: string;
  callsign?: string;
  imo?: number;
  shiptype?: number;
  destination?: string;
  /** Metres. */
  draught?: number;
  /** Metres, bow + stern. */
  length?: number;
  /** Metres, port + starboard. */
  beam?: number;
  aidType?: number;
}

/** One report; absent fields were "not available" in it. */
export interface AisReport {
  type: number;
  mmsi: number;
  lon?: number;
  lat?: number;
  /** Knots. */
  speed?: number;
  /** Course over ground, degrees true. */
  course?: number;
  /** True heading, degrees. */
  heading?: number;
  /** UTC second of the report (0–59). */
  second?: number;
  /** Full UTC time (type 4), epoch ms. */
  time?: number;
  /** Metres (type 9). */
  altitude?: number;
  status?: number;
  /** Rate of turn, degrees per minute. */
  turn?: number;
  accuracy?: 0 | 1;
  statics: AisStatic;
}

/** A report, the sentence saying why the input is not one, or undefined for a type not in AIS_TYPES. */
export type AisReportResult = { ok: true; report: AisReport } | { ok: false; reason: string } | undefined;
