/**
 * Maps the REST filter query parameters (the original's `type`, `tag`, `source_id`, `limit`,
 * `offset`, plus `bbox`, `sort`, `filter`, `kind`, `q`) onto the one ObjectFilter and list params.
 */
import { AppError } from '../../contract/errors.js';
import { isoTimeSchema, type ObjectFilter, type TagCondition } from '../../contract/domain.js';

export interface ListParams {
  filter: ObjectFilter;
  sort?: { field: string; dir: 'asc' | 'desc' };
  limit?: number;
  offset?: number;
  /** ISO time: the objects as they were then. */
  at?: string;
}

/** Builds `objects.list` params from a URL's query; the dispatcher validates ranges and enums. */
export function listParamsFromQuery(q: URLSearchParams): ListParams {
  const filter: ObjectFilter = {};
  const types = multi(q, 'type');
  if (types.length) filter.types = types as ObjectFilter['types'];
  const kinds = multi(q, 'kind');
  if (kinds.length) filter.kinds = kinds;
  const sources = multi(q, 'source_id');
  if (sources.length) filter.source_ids = sources;
  const tags = q.getAll('tag').map(parseTagParam);
  if (tags.length) filter.tags = tags;
  const bbox = q.get('bbox');
  if (bbox !== null) filter.bbox = parseBbox(bbox);
  const text = q.get('filter');
  if (text !== null && text !== '') filter.text = text;
  const free = q.get('q');
  if (free !== null && free !== '') filter.q = free;
  const out: ListParams = { filter };
  const sort = q.get('sort');
  if (sort !== null && sort !== '') out.sort = parseSort(sort);
  const limit = q.get('limit');
  if (limit !== null) out.limit = parseInteger('limit', limit);
  const offset = q.get('offset');
  if (offset !== null) out.offset = parseInteger('offset', offset);
  const at = q.get('at');
  if (at !== null && at !== '') out.at = at;
  return out;
}

/**
 * The time window of a track or export request: `from` and `to` as ISO times (both optional),
 * `from` not later than `to`.
 */
export function timeWindowFromQuery(q: URLSearchParams): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  for (const end of ['from', 'to'] as const) {
    const raw = q.get(end);
    if (raw === null || raw === '') continue;
    if (!isoTimeSchema.safeParse(raw).success)
      throw new AppError(
        'INVALID_INPUT',
        `Query parameter '${end}' must be an ISO time such as 2026-03-10T12:00:00Z, got '${raw.slice(0, 100)}'.`,
      );
    out[end] = raw;
  }
  if (out.from !== undefined && out.to !== undefined && Date.parse(out.from) > Date.parse(out.to))
    throw new AppError(
      'INVALID_INPUT',
      `Query parameter 'from' (${out.from}) must not be later than 'to' (${out.to}).`,
    );
  return out;
}

function multi(q: URLSearchParams, name: string): string[] {
  return q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** `key` → exists; `key=value` → equals (the original's form); `key!=value` → not equals. */
function parseTagParam(raw: string): TagCondition {
  const ne = raw.indexOf('!=');
  if (ne > 0) return { key: raw.slice(0, ne), op: '!=', value: raw.slice(ne + 2) };
  const eq = raw.indexOf('=');
  if (eq > 0) return { key: raw.slice(0, eq), op: '=', value: raw.slice(eq + 1) };
  if (raw === '' || eq === 0)
    throw new AppError(
      'INVALID_INPUT',
      `Query parameter 'tag' must be 'key' or 'key=value', got '${raw.slice(0, 100)}'.`,
    );
  return { key: raw, op: 'exists' };
}

function parseBbox(raw: string): [number, number, number, number] {
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    throw new AppError(
      'INVALID_INPUT',
      `Query parameter 'bbox' must be minLon,minLat,maxLon,maxLat, got '${raw.slice(0, 100)}'.`,
    );
  }
  return parts as [number, number, number, number];
}

/** `field`, `-field` (descending), or `field:asc|desc`. */
function parseSort(raw: string): { field: string; dir: 'asc' | 'desc' } {
  const m = /^(-?)([a-z_]+)(?::(asc|desc))?$/.exec(raw);
  if (!m)
    throw new AppError(
      'INVALID_INPUT',
      `Query parameter 'sort' must be 'field', '-field' or 'field:asc|desc', got '${raw.slice(0, 100)}'.`,
    );
  const dir = m[3] === 'asc' || m[3] === 'desc' ? m[3] : m[1] === '-' ? 'desc' : 'asc';
  return { field: m[2]!, dir };
}

/**
 * The `limit` query parameter of a one-object route (history, track): digits only; the contract then
 * checks its range. Undefined when absent.
 */
export function limitFromQuery(q: URLSearchParams): number | undefined {
  const limit = q.get('limit');
  if (limit === null) return undefined;
  if (!/^\d{1,9}$/.test(limit))
    throw new AppError(
      'INVALID_INPUT',
      `Query parameter 'limit' must be a positive integer, got '${limit.slice(0, 100)}'.`,
    );
  return Number(limit);
}

function parseInteger(name: string, raw: string): number {
  if (!/^\d{1,9}$/.test(raw))
    throw new AppError(
      'INVALID_INPUT',
      `Query parameter '${name}' must be a non-negative integer, got '${raw.slice(0, 100)}'.`,
    );
  return Number(raw);
}
