/**
 * Hand edits that outlive feed updates (issue 20): an override layer per key over the feed's tags.
 * A hand edit makes every key it changes an override (the analyst's value, or null for a key removed
 * by hand, beside the feed's value); a feed update changes every other key and only refreshes the
 * feed's value of an overridden one; clearing a key gives it back to the feed. Both dialects' writers
 * apply these rules, so SQLite and Postgres agree.
 */
import type { TagOverrides, Tags, TagValue } from '../electron/contract/domain.js';
import { toTags } from './object-rows.js';

/** Tags and the overrides behind them after a write (overrides null when none is left). */
export interface OverriddenTags {
  tags: Tags;
  overrides: TagOverrides | null;
}

function setTag(tags: Tags, key: string, value: TagValue | null): void {
  if (value === null) delete tags[key];
  else tags[key] = value;
}

/** The feed's own tags behind `tags`: every overridden key back at the feed's value (or absent). */
export function feedTags(tags: Tags, overrides: TagOverrides | null): Tags {
  const feed = toTags(tags);
  if (overrides) for (const [key, o] of Object.entries(overrides)) setTag(feed, key, o.feed);
  return feed;
}

/** A feed update `feed` under the overrides: the analyst's values stay, the feed's are noted beside them. */
export function overlayFeed(feed: Tags, overrides: TagOverrides | null): OverriddenTags {
  if (!overrides) return { tags: feed, overrides: null };
  const tags = toTags(feed);
  const next: TagOverrides = {};
  for (const [key, o] of Object.entries(overrides)) {
    next[key] = { value: o.value, feed: Object.hasOwn(feed, key) ? feed[key]! : null };
    setTag(tags, key, o.value);
  }
  return { tags, overrides: next };
}

/**
 * A hand edit that turned the tags `before` into `after`: each key it changed becomes an override, or
 * stops being one when it now equals the feed's value; then each key in `clear` goes back to the feed's.
 */
export function applyEdit(
  before: Tags,
  after: Tags,
  overrides: TagOverrides | null,
  clear: readonly string[] = [],
): OverriddenTags {
  const next: TagOverrides = { ...overrides };
  const tags = toTags(after);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = Object.hasOwn(before, key) ? before[key]! : null;
    const now = Object.hasOwn(after, key) ? after[key]! : null;
    if (was === now) continue;
    // The feed's value is the one before the first edit of the key, kept through later edits.
    const feed = Object.hasOwn(next, key) ? next[key]!.feed : was;
    if (now === feed) delete next[key];
    else next[key] = { value: now, feed };
  }
  for (const key of clear) {
    const o = next[key];
    if (!o) continue;
    setTag(tags, key, o.feed);
    delete next[key];
  }
  return { tags, overrides: Object.keys(next).length > 0 ? next : null };
}
