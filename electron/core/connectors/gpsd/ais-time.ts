/**
 * When an AIS report was observed: AIS carries only the UTC second of the fix, so the observation is
 * the latest instant at or before arrival whose UTC second is that one (60–63 mean "not available").
 */

/** Epoch ms of the last time at or before `arrivalMs` with UTC second `second`; `arrivalMs` when unknown. */
export function aisObservedAt(second: number | undefined, arrivalMs: number): number {
  if (second === undefined || !Number.isInteger(second) || second < 0 || second > 59) return arrivalMs;
  const minuteStart = arrivalMs - (arrivalMs % 60_000);
  const candidate = minuteStart + second * 1000;
  return candidate <= arrivalMs ? candidate : candidate - 60_000;
}
