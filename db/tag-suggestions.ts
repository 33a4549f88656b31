/**
 * Tag suggestions for the filter text's autocompletion: the tag keys, or one key's values, seen on
 * the most recently observed objects, most frequent first. Only a sample is read (the newest objects
 * by the `observed_at` index), so it costs the same on a thousand objects as on millions.
 */
import { sql, type SQL } from 'drizzle-orm';
import { asciiLower } from '../electron/filter/index.js';
import type { SqlRunner } from './sql-runner.js';

/** How many of the most recently observed objects are read by default. */
export const TAG_SUGGESTION_SAMPLE = 5000;

/** What to suggest: keys (no `key`) or the values of `key`, starting with `prefix` (ASCII case-insensitive). */
export interface TagSuggestionQuery {
  key?: string;
  prefix?: string;
  limit: number;
  /** How many of the newest objects to read (default TAG_SUGGESTION_SAMPLE). */
  sample?: number;
}

/** Keys or values with how many sampled objects carry them, most frequent first. */
export type TagSuggestions =
  { keys: { key: string; count: number }[] } | { values: { value: string; count: number }[] };

/** A tag value's string form (docs/filter.md "Tag string form") from its JSON type and raw value. */
function stringForm(type: string, raw: unknown): string | undefined {
  switch (type) {
    case 'text':
    case 'string':
      return String(raw);
    case 'integer':
    case 'real':
    case 'number':
      return String(Number(raw));
    case 'true':
    case 'false':
      return type;
    case 'boolean':
      return String(raw);
    default:
      return undefined;
  }
}

/** Merges counts of equal texts, keeps those starting with `prefix`, most frequent (then A–Z) first. */
function rank(counts: Iterable<[string, number]>, prefix: string, limit: number): [string, number][] {
  const merged = new Map<string, number>();
  for (const [text, n] of counts) merged.set(text, (merged.get(text) ?? 0) + n);
  const start = asciiLower(prefix);
  return [...merged]
    .filter(([text]) => asciiLower(text).startsWith(start))
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit);
}

/** Answers tag suggestions from the newest objects of `run`'s database. */
export async function tagSuggestions(run: SqlRunner, query: TagSuggestionQuery): Promise<TagSuggestions> {
  const isPg = run.dialect === 'postgres';
  const sample = sql`(SELECT o.tags FROM osm_objects o ORDER BY o.observed_at DESC LIMIT ${query.sample ?? TAG_SUGGESTION_SAMPLE}) s`;
  const each: SQL = isPg ? sql`jsonb_each(s.tags) j` : sql`json_each(s.tags) j`;
  const prefix = query.prefix ?? '';
  if (query.key === undefined) {
    const rows = await run.all<{ k: string; n: number | string }>(
      sql`SELECT j.key AS k, count(*) AS n FROM ${sample}, ${each} GROUP BY j.key`,
    );
    const keys = rank(
      rows.map((r) => [r.k, Number(r.n)]),
      prefix,
      query.limit,
    );
    return { keys: keys.map(([key, count]) => ({ key, count })) };
  }
  const typed = isPg
    ? sql.raw(`jsonb_typeof(j.value) AS t, j.value #>> '{}' AS v`)
    : sql.raw('j.type AS t, j.value AS v');
  const rows = await run.all<{ t: string; v: unknown; n: number | string }>(
    sql`SELECT ${typed}, count(*) AS n FROM ${sample}, ${each} WHERE j.key = ${query.key} GROUP BY 1, 2`,
  );
  const counts: [string, number][] = [];
  for (const r of rows) {
    const text = stringForm(r.t, r.v);
    if (text !== undefined) counts.push([text, Number(r.n)]);
  }
  return { values: rank(counts, prefix, query.limit).map(([value, count]) => ({ value, count })) };
}
