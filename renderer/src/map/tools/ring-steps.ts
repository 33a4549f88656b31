/**
 * Range ring spacing: a round step (1, 2 or 5 × 10ⁿ metres) chosen so the rings fill the view at
 * its zoom, or the step typed in the rings bar's field (kilometres).
 */

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

/** Ground metres per screen pixel at latitude `lat` and zoom `zoom` (Web Mercator). */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EQUATOR_M_PER_PX_Z0 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

/**
 * The step for the view: the outer ring lands at most 40 % of the view's smaller side from the
 * centre, e.g. 1 km at zoom 12 in a 700 px high map at 54° N.
 */
export function autoRingStep(lat: number, zoom: number, view: { width: number; height: number }): number {
  const outerPx = 0.4 * Math.min(view.width, view.height);
  return niceStep((outerPx * metresPerPixel(lat, zoom)) / RING_COUNT);
}

/** The radii of the rings for a step: step, 2 × step, … RING_COUNT × step. */
export function ringRadii(stepM: number): number[] {
  return Array.from({ length: RING_COUNT }, (_, i) => (i + 1) * stepM);
}

/** The step field's text: empty means automatic (null); otherwise kilometres, e.g. "0.5" or "2". */
export type RingStepInput = { ok: true; stepM: number | null } | { ok: false; reason: string };

/** Reads the step field (kilometres; a comma works as the decimal mark). */
export function parseRingStep(text: string): RingStepInput {
  const t = text.trim().replace(',', '.');
  if (t === '') return { ok: true, stepM: null };
  const km = Number(t);
  if (!Number.isFinite(km) || km <= 0)
    return { ok: false, reason: `The ring step must be a number of km above 0, got "${text.trim()}".` };
  const m = km * 1000;
  if (m < MIN_RING_STEP_M || m > MAX_RING_STEP_M)
    return { ok: false, reason: `The ring step must be between 0.01 and 2000 km, got ${km} km.` };
  return { ok: true, stepM: m };
}
