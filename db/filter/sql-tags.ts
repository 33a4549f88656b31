/**
 * SQL for one tag condition, per dialect, with the semantics of predicate.ts: `=` compares the
 * tag's string form, numeric operators match JSON numbers only, `~` matches string values only.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ResolvedTagCondition } from '../../electron/filter/index.js';
import { translateRegexForPostgres } from './pg-regex.js';

/** A finite number whose `String(n)` is exactly `text` (so a number tag's string form can equal it). */
export function canonicalNumber(text: string): number | undefined {
  const n = Number(text);
  return text !== '' && Number.isFinite(n) && String(n) === text ? n : undefined;
}

const NUMERIC_SQL: Record<'<' | '<=' | '>' | '>=', SQL> = { '<': sql`<`, '<=': sql`<=`, '>': sql`>`, '>=': sql`>=` };

interface Access {
  type: SQL;
  value: SQL;
}

/** json_type/json_extract by path, or json_each when the key cannot be written as a JSON path label. */
function sqliteAccess(key: string): Access {
  // eslint-disable-next-line no-control-regex
  if (/["\\\u0000-\u001f]/.test(key)) {
    return {
      type: sql`(SELECT j.type FROM json_each(o.tags) j WHERE j.key = ${key})`,
      value: sql`(SELECT j.atom FROM json_each(o.tags) j WHERE j.key = ${key})`,
    };
  }
  const path = `$."${key}"`;
  return { type: sql`json_type(o.tags, ${path})`, value: sql`json_extract(o.tags, ${path})` };
}

function sqliteEquals(a: Access, v: string): SQL {
  const alts: SQL[] = [sql`(${a.type} = 'text' AND ${a.value} = ${v})`];
  const n = canonicalNumber(v);
  if (n !== undefined) alts.push(sql`(${a.type} IN ('integer', 'real') AND ${a.value} = ${n})`);
  if (v === 'true' || v === 'false') alts.push(sql`${a.type} = ${v}`);
  return sql`coalesce(${sql.join(alts, sql` OR `)}, 0)`;
}

/** SQLite SQL for one resolved tag condition over alias `o`. */
export function sqliteTagSql(c: ResolvedTagCondition): SQL {
  const a = sqliteAccess(c.key);
  switch (c.op) {
    case 'exists':
      return sql`${a.type} IS NOT NULL`;
    case 'missing':
      return sql`${a.type} IS NULL`;
    case '=':
      return sqliteEquals(a, c.value);
    case '!=':
      return sql`NOT ${sqliteEquals(a, c.value)}`;
    case '~':
      return sql`coalesce(${a.type} = 'text' AND regexp(${c.value}, ${a.value}), 0)`;
    default:
      return sql`coalesce(${a.type} IN ('integer', 'real') AND ${a.value} ${NUMERIC_SQL[c.op]} ${c.value}, 0)`;
  }
}

function pgEquals(key: string, v: string): SQL {
  const docs = [JSON.stringify({ [key]: v })];
  const n = canonicalNumber(v);
  if (n !== undefined) docs.push(JSON.stringify({ [key]: n }));
  if (v === 'true' || v === 'false') docs.push(JSON.stringify({ [key]: v === 'true' }));
  return sql`(${sql.join(
    docs.map((d) => sql`o.tags @> ${d}::jsonb`),
    sql` OR `,
  )})`;
}

/** Postgres SQL for one resolved tag condition over alias `o` (`field` names it in errors). */
export function pgTagSql(c: ResolvedTagCondition, field: string): SQL {
  const k = c.key;
  switch (c.op) {
    case 'exists':
      return sql`(o.tags ? ${k}::text)`;
    case 'missing':
      return sql`NOT (o.tags ? ${k}::text)`;
    case '=':
      return pgEquals(k, c.value);
    case '!=':
      return sql`NOT ${pgEquals(k, c.value)}`;
    case '~': {
      const re = translateRegexForPostgres(c.value, field);
      return sql`coalesce(jsonb_typeof(o.tags -> ${k}::text) = 'string' AND (o.tags ->> ${k}::text) ~ ${re}::text, false)`;
    }
    default:
      return sql`(CASE WHEN jsonb_typeof(o.tags -> ${k}::text) = 'number' THEN (o.tags ->> ${k}::text)::numeric ${NUMERIC_SQL[c.op]} ${String(c.value)}::numeric ELSE false END)`;
  }
}
