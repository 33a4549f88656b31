/**
 * Range ring spacing: a round step (1, 2 or 5 × 10ⁿ metres; feet below half a mile and miles from
 * there when the units are imperial) chosen so the rings fill the view at its zoom, or the step
 * typed in the rings bar's field (kilometres, or miles).
 */
import { METRES_PER_FOOT, METRES_PER_MILE, type DistanceSystem } from '../../app/units.js';

/** Rings drawn around the centre. */
export const RING_COUNT = 5;
/** Steps stay within 10 m … 2,000 km, so the outer ring never passes the antipode. */
export const MIN_RING_STEP_M = 10;
export const MAX_RING_STEP_M = 2_000_000;
/** Web Mercator's ground metres per pixel at the equator at zoom 0. */
const EQUATOR_M_PER_PX_Z0 = 40_075_016.686 / 256;

/** The largest of 1, 2, 5 × 10ⁿ that is not above `m` (within the step limits). */
export function niceStep(m: number): number {
  if (!(m > MIN_RING_STEP_M)) return MIN_RING_STEP_M;
  const power = 10 ** Math.floor(Math.log10(m));
  const mantissa = m / power;
  const nice = (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) * power;
  return Math.min(MAX_RING_STEP_M, nice);
}

/** The largest round step not above `m`, in the system's own units (imperial: feet, then miles from half a mile). */
export function niceStepIn(m: number, system: DistanceSystem): number {
  if (system === 'metric') return niceStep(m);
  const mi = m / METRES_PER_MILE;
  const step =
    mi >= 0.5
      ? Math.min(1000, roundDown(mi)) * METRES_PER_MILE
      : Math.min(2000, roundDown(m / METRES_PER_FOOT)) * METRES_PER_FOOT;
  return Math.min(MAX_RING_STEP_M, Math.max(step, 50 * METRES_PER_FOOT));
}

/** The largest of 1, 2, 5 × 10ⁿ not above `x` (x > 0). */
function roundDown(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  const mantissa = x / power;
  return (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) * power;
}

/** Ground metres per screen pixel at latitude `lat` and zoom `zoom` (Web Mercator). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EQUATOR_M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

/**
 * The step for the view: the outer ring lands at most 40 % of the view's smaller side from the
 * centre, e.g. 1 km at zoom 12 in a 700 px high map at 54° N.
 */
export function autoRingStep(
  lat: number,
  zoom: number,
  view: { width: number; height: number },
  system: DistanceSystem = 'metric',
): number {
  const outerPx = 0.4 * Math.min(view.width, view.height);
  return niceStepIn((outerPx * metresPerPixel(lat, zoom)) / RING_COUNT, system);
}

/** The radii of the rings for a step: step, 2 × step, … RING_COUNT × step. */
export function ringRadii(stepM: number): number[] {
  return Array.from({ length: RING_COUNT }, (_, i) => (i + 1) * stepM);
}

/** The step field's text: empty means automatic (null); otherwise kilometres (or miles), e.g. "0.5" or "2". */
export type RingStepInput = { ok: true; stepM: number | null } | { ok: false; reason: string };

/** The step field's unit per distance system, and the range it takes (within 10 m … 2,000 km). */
export const RING_STEP_UNIT: Record<DistanceSystem, { unit: 'km' | 'mi'; metres: number; min: number; max: number }> = {
  metric: { unit: 'km', metres: 1000, min: 0.01, max: 2000 },
  imperial: { unit: 'mi', metres: METRES_PER_MILE, min: 0.01, max: 1200 },
};

/** Reads the step field (kilometres, or miles when imperial; a comma works as the decimal mark). */
export function parseRingStep(text: string, system: DistanceSystem = 'metric'): RingStepInput {
  const { unit, metres, min, max } = RING_STEP_UNIT[system];
  const t = text.trim().replace(',', '.');
  if (t === '') return { ok: true, stepM: null };
  const value = Number(t);
  if (!Number.isFinite(value) || value <= 0)
    return { ok: false, reason: `The ring step must be a number of ${unit} above 0, got "${text.trim()}".` };
  if (value < min || value > max)
    return { ok: false, reason: `The ring step must be between ${min} and ${max} ${unit}, got ${value} ${unit}.` };
  return { ok: true, stepM: value * metres };
}
