/**
 * When an AIS report was observed: type 4 carries a full UTC time; the others carry only the UTC
 * second of the fix, so the observation is the latest instant at or before arrival whose UTC second
 * is that one (60–63 mean "not available": arrival, then).
 */
import type { AisReport } from './ais-report.js';

/** A type 4 time this far ahead of arrival is not believed (as ingest refuses publishers' future times). */
export const AIS_FUTURE_SLACK_MS = 86_400_000;

/** Epoch ms of the last time at or before `arrivalMs` with UTC second `second`; `arrivalMs` when unknown. */
export function aisObservedAt(second: number | undefined, arrivalMs: number): number {
  if (second === undefined || !Number.isInteger(second) || second < 0 || second > 59) return arrivalMs;
  const minuteStart = arrivalMs - (arrivalMs % 60_000);
  const candidate = minuteStart + second * 1000;
  return candidate <= arrivalMs ? candidate : candidate - 60_000;
}

/** The observation time of a positioned report received at `arrivalMs`. */
export function aisReportTime(r: AisReport, arrivalMs: number): number {
  if (r.time !== undefined && r.time <= arrivalMs + AIS_FUTURE_SLACK_MS) return r.time;
  return aisObservedAt(r.second, arrivalMs);
}
