// The tag that says what an OSM element is (highway=residential, amenity=cafe…) and the text that
// names it on the map, in tooltips and in the detail panel.
import type { Tags } from '../../../../../electron/contract/domain.js';

/** Keys that say what an element is, most telling first (as OSM editors pick a preset). */
export const MAIN_KEYS = [
  'kind',
  'amenity',
  'shop',
  'tourism',
  'leisure',
  'public_transport',
  'railway',
  'highway',
  'aeroway',
  'waterway',
  'historic',
  'office',
  'craft',
  'healthcare',
  'emergency',
  'sport',
  'man_made',
  'building',
  'natural',
  'landuse',
  'water',
  'place',
  'boundary',
  'barrier',
  'power',
  'route',
  'type',
] as const;

/** The first main key present, as [key, value]; null when the element has none. */
export function mainTag(tags: Tags): [string, string] | null {
  for (const key of MAIN_KEYS) {
    const value = tags[key];
    if (value !== undefined && value !== '' && value !== 'no') return [key, String(value)];
  }
  return null;
}

/** "key=value" of the main tag, or '' without one. */
export function mainTagText(tags: Tags): string {
  const main = mainTag(tags);
  return main ? `${main[0]}=${main[1]}` : '';
}

/** The element's own name: `name`, else `ref` (route numbers, house refs), else ''. */
export function objectName(tags: Tags): string {
  for (const key of ['name', 'ref'] as const) {
    const value = tags[key];
    if (value !== undefined && String(value) !== '') return String(value);
  }
  return '';
}

/** What names the element: its name or ref, else its main tag, else the fallback (the OSM id). */
export function objectLabel(tags: Tags, fallback: string): string {
  return objectName(tags) || mainTagText(tags) || fallback;
}

/** "Avenue Pasteur · highway=residential": name and main tag, either alone when the other is missing. */
export function objectTitle(tags: Tags, fallback: string): string {
  const name = objectName(tags);
  const tag = mainTagText(tags);
  if (name && tag) return `${name} · ${tag}`;
  return name || tag || fallback;
}
