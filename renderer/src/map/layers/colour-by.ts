/**
 * "Colour by": tracked symbols in their kind's colour (the default), or by altitude or speed on one
 * ramp (tar1090's habit: low and slow warm, high and fast cool), with a grey for objects that do
 * not report the value. Bins are in the stored units (ARCHITECTURE.md §4: metres, metres per second).
 */
import type { Tags } from '../../../../electron/contract/domain.js';

export type ColourBy = 'kind' | 'altitude' | 'speed';
export const COLOUR_BY_CHOICES: readonly ColourBy[] = ['kind', 'altitude', 'speed'];

/** Palette index 0 is "not reported"; 1… follow the bins from low to high. */
export const RAMP = ['#9aa0a6', '#d9480f', '#f08c00', '#c9a800', '#5c940d', '#0b7285', '#1971c2', '#5f3dc4', '#ae3ec9'];

/** The lower edge of every bin after the first, in stored units. */
const EDGES: Record<Exclude<ColourBy, 'kind'>, number[]> = {
  // Ground, then the bands air traffic control thinks in (≈ 500, 2,000, 5,000, 10,000, 20,000, 30,000, 40,000 ft).
  altitude: [150, 600, 1500, 3000, 6000, 9000, 12000],
  // Standing, walking, cycling, town, road, motorway, light aircraft, airliner.
  speed: [1, 3, 8, 15, 30, 60, 120],
};

/** The palette index of an object's value (0 when it carries none). */
export function colourIndex(mode: Exclude<ColourBy, 'kind'>, tags: Tags): number {
  const v = tags[mode];
  if (typeof v !== 'number' || !Number.isFinite(v)) return 0;
  const edges = EDGES[mode];
  let i = 0;
  while (i < edges.length && v >= edges[i]!) i++;
  return i + 1;
}

/** The legend: each bin's colour and its range in the stored unit ("< 150 m", "150–600 m", …, "no value"). */
export function legendOf(mode: Exclude<ColourBy, 'kind'>): { colour: string; label: string }[] {
  const unit = mode === 'altitude' ? 'm' : 'm/s';
  const edges = EDGES[mode];
  const bins = edges.map((lo, i) => ({
    colour: RAMP[i + 2]!,
    label: i + 1 < edges.length ? `${lo}–${edges[i + 1]} ${unit}` : `≥ ${lo} ${unit}`,
  }));
  return [{ colour: RAMP[1]!, label: `< ${edges[0]} ${unit}` }, ...bins, { colour: RAMP[0]!, label: 'no value' }];
}

const KEY = 'osm-tracker.colour-by';

export function loadColourBy(storage: Storage = localStorage): ColourBy {
  const saved = storage.getItem(KEY);
  return (COLOUR_BY_CHOICES as readonly string[]).includes(saved ?? '') ? (saved as ColourBy) : 'kind';
}

export function saveColourBy(mode: ColourBy, storage: Storage = localStorage): void {
  storage.setItem(KEY, mode);
}
