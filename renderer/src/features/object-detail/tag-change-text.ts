/**
 * The wording of one tag change in the detail panel: "name: A → B", "speed: set to 3",
 * "name: A removed", then when and by whom ("at 12:04, by Harbour feed" / "by hand").
 */
import type { TagChange, TagValue } from '../../../../electron/contract/domain.js';

export interface TagChangeText {
  /** One phrase per key, in key order: set or changed keys first, then removed ones. */
  changes: string[];
  /** "12:04" on the day of `now`, else "2026-03-10 12:04". */
  when: string;
  /** "by <source name>" for the object's source, "by hand" for an edit in the app. */
  by: string;
}

const show = (v: TagValue) => (typeof v === 'string' ? v : String(v));

/** "HH:MM" for a moment on the same local day as `now`, else "YYYY-MM-DD HH:MM". */
export function shortTime(ms: number, now: number): string {
  const d = new Date(ms);
  const n = new Date(now);
  const p = (x: number) => String(x).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  const sameDay = d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  return sameDay ? hm : `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}`;
}

/** Describes a change; `sourceName` names the object's source (its id when unknown). */
export function tagChangeText(change: TagChange, sourceName: string, now: number): TagChangeText {
  const changes: string[] = [];
  for (const key of Object.keys(change.set).sort()) {
    const value = show(change.set[key]!);
    const before = change.previous[key];
    changes.push(before === undefined ? `${key}: set to ${value}` : `${key}: ${show(before)} → ${value}`);
  }
  for (const key of [...change.removed].sort()) {
    const before = change.previous[key];
    changes.push(before === undefined ? `${key} removed` : `${key}: ${show(before)} removed`);
  }
  return {
    changes,
    when: shortTime(Date.parse(change.at), now),
    by: change.origin === 'edit' ? 'by hand' : `by ${sourceName}`,
  };
}

/** The whole change as one line: "name: A → B at 12:04, by Harbour feed". */
export function tagChangeSentence(text: TagChangeText): string {
  return `${text.changes.join('; ')} at ${text.when}, ${text.by}`;
}

/** Where OpenStreetMap shows a changeset. */
const OSM_CHANGESET_URL = 'https://www.openstreetmap.org/changeset/';

/**
 * The OpenStreetMap page of the changeset an upstream version came in (its `osm:changeset`, as the
 * OSM sources and the extract import write it), or undefined for a change without one.
 */
export function changesetLink(change: TagChange): { url: string; label: string } | undefined {
  const value = change.set['osm:changeset'];
  const id =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return { url: `${OSM_CHANGESET_URL}${id}`, label: `changeset ${id}` };
}
