/**
 * The dialect-neutral half of both stores: object reads (filter, sort, paging, history) and data
 * source CRUD, written once as drizzle `sql` over the fixed table layout and run by a per-dialect
 * runner. Writes of objects go through each dialect's batch writer (`applyBatch`).
 */
import type { StaleThresholds } from '../electron/contract/staleness.js';
import type { SqlRunner } from './sql-runner.js';
import { uuid7 } from './uuid7.js';
import { sql, type SQL } from 'drizzle-orm';
import type {
  DataSource,
  ObjectFilter,
  ObjectType,
  OsmObject,
  SourceType,
  Trail,
} from '../electron/contract/domain.js';
import { NotFoundError } from '../electron/contract/errors.js';
import { readStoredConnectionInfo } from '../electron/contract/stored-connection-info.js';
import { compileFilterSql } from './filter/index.js';
import { previewPrune, pruneInSteps, type PruneStep, type PruneStepResult } from './history-retention.js';
import { positionGeometry, tagsAtPosition, toTagChange, trackOf, E7 } from './history-rows.js';
import { historyKey, keyOfObject, objectsAtSql } from './history-sql.js';
import { createObjectsAtReader } from './objects-at.js';
import { objectExtent } from './object-extent.js';
import { afterObject, orderBy } from './object-order.js';
import { fromIso, toIso, toOsmObject, type ObjectRowValues } from './object-rows.js';
import type { RuleEffectsWrite } from './rule-effects-sql.js';
import { createRulesSql } from './rules-sql.js';
import { createSavedViewsSql } from './saved-views-sql.js';
import { tagSuggestions } from './tag-suggestions.js';
import type {
  FilterContext,
  HistoryQuery,
  NewSource,
  ObjectQuery,
  RawObjectRow,
  SourcePatch,
  Store,
  StoreStats,
  TrackQuery,
  TrailsQuery,
} from './store.js';

/** The Store members `createSqlStore` does not provide. */
export type DialectMembers = Pick<Store, 'dialect' | 'location' | 'applyBatch' | 'close' | 'osm'> &
  Partial<Pick<Store, 'backup' | 'team' | 'replica'>> & {
    /** Runs one retention step as one transaction on the dialect's write path (db/history-retention.ts). */
    pruneStep(step: PruneStep): Promise<PruneStepResult>;
    /** Writes one rule-engine step in one transaction on the dialect's write path, in call order (db/rule-effects-sql.ts). */
    commitRuleEffects(write: RuleEffectsWrite): Promise<void>;
  };

const OBJECT_COLUMNS = sql.raw(
  'o.id, o.source_id, o.type, o.osm_id, o.tags, o.geom, o.tainted, o.tag_overrides, o.observed_at, o.created_at, o.updated_at',
);
const SOURCE_COLUMNS = sql.raw('id, name, description, type, connection_info, is_active, created_at, updated_at');
const DEFAULT_LIMIT = 100;
/** OSM ids per statement of `findObjectsByKeys` (well under both dialects' parameter limits). */
const KEY_CHUNK = 500;

/** At most `max` of `points`, spread evenly over them, the first and the last kept. */
function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

/** A nullable numeric column as a number or null. */
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Builds a Store from a runner plus the dialect's own members. */
export function createSqlStore(
  run: SqlRunner,
  own: DialectMembers,
  defaults: { staleAfter: () => StaleThresholds },
): Store {
  const ctx = (context?: FilterContext): FilterContext =>
    context ?? { now: Date.now(), staleAfter: defaults.staleAfter() };
  const where = (filter: ObjectFilter | undefined, context?: FilterContext, at?: number): SQL =>
    compileFilterSql(filter, run.dialect, ctx(context), { spatialIndex: at === undefined });
  /** The objects now (the table) or as they were at `at`, aliased `o`. */
  const relation = (at?: number): SQL => (at === undefined ? sql`osm_objects o` : objectsAtSql(run.dialect, at));
  /** Rows as arrays in column order. */
  const rawRows = async (q: SQL): Promise<unknown[][]> =>
    run.allRaw ? run.allRaw(q) : (await run.all<Record<string, unknown>>(q)).map((r) => Object.values(r));
  /** The history key of object `id`, or NotFoundError. */
  const keyOf = async (id: string): Promise<unknown> => {
    const rows = await run.all<{ k: unknown }>(sql`SELECT ${keyOfObject(run.dialect, id)} AS k`);
    const k = rows[0]?.k;
    if (k === null || k === undefined) throw new NotFoundError('Object', id);
    return k;
  };
  const toObject = (r: ObjectRowValues): OsmObject =>
    toOsmObject({ ...r, tags: run.decodeJson(r.tags), geom: run.decodeJson(r.geom) });
  const toSource = (r: Record<string, unknown>): DataSource => ({
    id: r.id as string,
    name: r.name as string,
    description: r.description as string,
    type: r.type as SourceType,
    // A row nobody can use (not JSON, too deep, too large) reads back as a marker, never a throw.
    connection_info: readStoredConnectionInfo(() => run.decodeJson(r.connection_info)),
    is_active: Boolean(r.is_active),
    created_at: toIso(r.created_at as number),
    updated_at: toIso(r.updated_at as number),
  });

  const selectObjects = async (
    whereSql: SQL,
    query: Pick<ObjectQuery, 'sort' | 'limit' | 'offset'>,
  ): Promise<OsmObject[]> => {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const inner = sql`SELECT ${OBJECT_COLUMNS} FROM osm_objects o WHERE ${whereSql} ORDER BY ${orderBy(query.sort, run.dialect)} LIMIT ${limit} OFFSET ${offset}`;
    if (run.objects) return run.objects(inner);
    const rows = await run.all<ObjectRowValues>(inner);
    return rows.map(toObject);
  };
  const count = async (whereSql: SQL, at?: number): Promise<number> => {
    const rows = await run.all<{ n: number | string }>(
      sql`SELECT count(*) AS n FROM ${relation(at)} WHERE ${whereSql}`,
    );
    return Number(rows[0]?.n ?? 0);
  };
  const selectObjectsAt = createObjectsAtReader(run, count);
  const findObject = async (id: string, at?: number): Promise<OsmObject | undefined> => {
    if (at !== undefined) return (await selectObjectsAt(sql`o.id = ${id}`, { at, limit: 1, offset: 0 })).items[0];
    const rows = await run.all<ObjectRowValues>(sql`SELECT ${OBJECT_COLUMNS} FROM osm_objects o WHERE o.id = ${id}`);
    return rows[0] && toObject(rows[0]);
  };
  const findSource = async (id: string): Promise<DataSource | undefined> => {
    const rows = await run.all<Record<string, unknown>>(
      sql`SELECT ${SOURCE_COLUMNS} FROM data_sources WHERE id = ${id}`,
    );
    return rows[0] && toSource(rows[0]);
  };
  const getSource = async (id: string): Promise<DataSource> => {
    const source = await findSource(id);
    if (!source) throw new NotFoundError('Source', id);
    return source;
  };

  const { pruneStep, commitRuleEffects, ...members } = own;
  return {
    ...members,
    rules: createRulesSql(run, commitRuleEffects),
    views: createSavedViewsSql(run),
    findObject,
    async getObject(id) {
      const object = await findObject(id);
      if (!object) throw new NotFoundError('Object', id);
      return object;
    },
    async findObjectByKey(sourceId: string, type: ObjectType, osmId: string) {
      const rows = await run.all<ObjectRowValues>(
        sql`SELECT ${OBJECT_COLUMNS} FROM osm_objects o WHERE o.source_id = ${sourceId} AND o.type = ${type} AND o.osm_id = ${osmId}`,
      );
      return rows[0] && toObject(rows[0]);
    },
    async findObjectsByKeys(sourceIds: readonly string[], type: ObjectType, osmIds: readonly string[]) {
      const out: OsmObject[] = [];
      if (sourceIds.length === 0) return out;
      const sources = sql.join(
        sourceIds.map((id) => sql`${id}`),
        sql`, `,
      );
      // Chunks of ids, each one statement on the unique (source_id, type, osm_id) index.
      for (let i = 0; i < osmIds.length; i += KEY_CHUNK) {
        const ids = sql.join(
          osmIds.slice(i, i + KEY_CHUNK).map((id) => sql`${id}`),
          sql`, `,
        );
        const rows = await run.all<ObjectRowValues>(
          sql`SELECT ${OBJECT_COLUMNS} FROM osm_objects o WHERE o.source_id IN (${sources}) AND o.type = ${type} AND o.osm_id IN (${ids})`,
        );
        for (const row of rows) out.push(toObject(row));
      }
      return out;
    },
    async listObjects(query) {
      const whereSql = where(query.filter, query.context, query.at);
      if (query.at !== undefined) {
        const page = { at: query.at, limit: query.limit ?? DEFAULT_LIMIT, offset: query.offset ?? 0 };
        return selectObjectsAt(whereSql, query.sort ? { ...page, sort: query.sort } : page);
      }
      const items = await selectObjects(whereSql, query);
      const offset = query.offset ?? 0;
      // A short first page is the whole result: no second query for the total.
      const total =
        offset === 0 && items.length < (query.limit ?? DEFAULT_LIMIT) ? items.length : await count(whereSql);
      return { items, total };
    },
    countObjects: (filter, context) => count(where(filter, context)),
    objectExtent: (filter, context) => objectExtent(run, where(filter, context)),
    async *iterateObjects(query, pageSize = 500) {
      const whereSql = where(query.filter, query.context);
      // Keyset paging (after the last object of the previous page), so page N costs no more than page 1.
      for (let last: OsmObject | undefined; ;) {
        const pageWhere = last ? sql`${whereSql} AND ${afterObject(last, query.sort, run.dialect)}` : whereSql;
        const page = await selectObjects(pageWhere, { sort: query.sort, limit: pageSize });
        if (page.length > 0) yield page;
        if (page.length < pageSize) return;
        last = page[page.length - 1];
      }
    },
    async *iterateObjectRows(query, pageSize = 5000) {
      const whereSql = where(query.filter, query.context);
      // SQLite pages by rowid (the table's own order: sequential reads); Postgres by primary key.
      const isPg = run.dialect === 'postgres';
      const columns = isPg
        ? sql.raw(
            'o.id AS k, o.id, o.source_id, o.type, o.osm_id, o.tags::text AS tags, o.geom::text AS geom, o.tainted, o.observed_at',
          )
        : sql.raw('o.rowid AS k, o.id, o.source_id, o.type, o.osm_id, o.tags, o.geom, o.tainted, o.observed_at');
      const key = sql.raw(isPg ? 'o.id' : 'o.rowid');
      const fetch = async (q: SQL): Promise<unknown[][]> =>
        run.allRaw ? run.allRaw(q) : (await run.all<Record<string, unknown>>(q)).map((r) => Object.values(r));
      for (let last: unknown; ;) {
        const cond = last === undefined ? whereSql : sql`${whereSql} AND ${key} > ${last}`;
        const rows = await fetch(
          sql`SELECT ${columns} FROM osm_objects o WHERE ${cond} ORDER BY ${key} LIMIT ${pageSize}`,
        );
        if (rows.length > 0) {
          yield rows.map((r): RawObjectRow => ({
            id: r[1] as string,
            source_id: r[2] as string,
            type: r[3] as RawObjectRow['type'],
            osm_id: r[4] as string,
            tags: r[5] as string,
            geom: r[6] as string,
            tainted: Boolean(r[7]),
            observed_at: Number(r[8]),
          }));
        }
        if (rows.length < pageSize) return;
        last = rows[rows.length - 1]![0];
      }
    },
    async history(objectId: string, query: HistoryQuery = {}) {
      const key = await keyOf(objectId);
      // Every accepted change: each position and each tag change (an edit or a re-import mark has no
      // position of its own), with the position and the tags in force at its time.
      const conds: SQL[] = [];
      if (query.after) conds.push(sql`x.t > ${fromIso(query.after)}`);
      if (query.before) conds.push(sql`x.t < ${fromIso(query.before)}`);
      const rows = await rawRows(
        sql`SELECT x.t, p.lon, p.lat, p.speed, p.heading, p.altitude, p.geom,
              CASE WHEN p.t = x.t THEN p.t + p.delay_ms ELSE c.received_at END, c.tags
            FROM (SELECT t FROM object_positions WHERE object_key = ${key}
                  UNION SELECT t FROM object_tag_changes WHERE object_key = ${key}) x
            LEFT JOIN object_positions p ON p.object_key = ${key}
              AND p.t = (SELECT max(t) FROM object_positions WHERE object_key = ${key} AND t <= x.t)
            LEFT JOIN object_tag_changes c ON c.object_key = ${key}
              AND c.t = (SELECT max(t) FROM object_tag_changes WHERE object_key = ${key} AND t <= x.t)
            ${conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``}
            ORDER BY x.t ${sql.raw(query.ascending ? 'ASC' : 'DESC')} LIMIT ${query.limit ?? 1000}`,
      );
      return rows.map(([t, lon, lat, speed, heading, altitude, geom, received, tags]) => ({
        id: `${objectId}@${Number(t)}`,
        object_id: objectId,
        geom: lon === null ? null : positionGeometry(lon as number, lat as number, run.decodeJson(geom)),
        tags: tagsAtPosition(run.decodeJson(tags), num(speed), num(heading), num(altitude)),
        observed_at: toIso(Number(t)),
        received_at: toIso(Number(received ?? t)),
      }));
    },
    async track(objectId: string, query: TrackQuery = {}) {
      const key = await keyOf(objectId);
      const limit = query.limit ?? 100_000;
      const conds = [sql`object_key = ${key}`];
      if (query.from !== undefined) conds.push(sql`t >= ${query.from}`);
      if (query.to !== undefined) conds.push(sql`t <= ${query.to}`);
      const where = sql.join(conds, sql` AND `);
      if (run.positionColumns) {
        // Collected as columns in one pass off the primary key's range (object_key, t), the newest
        // `limit` kept: no row per position and no JSON text (db/sqlite/position-columns.ts).
        return run.positionColumns(
          sql`SELECT t, lon, lat, speed, heading, altitude FROM object_positions WHERE ${where} ORDER BY t`,
          limit,
          (columns, total) => trackOf(objectId, columns, total > limit),
        );
      }
      // One row of JSON arrays, oldest first: far cheaper than a JS row per position (a day at 1 Hz
      // is 86,400). Aggregated straight off the primary key's range (object_key, t), which Postgres
      // is told the order of, with the count in the same pass. Only a window holding more than
      // `limit` is read again: its newest `limit`, from an ordered subquery.
      const agg = (c: string) =>
        sql.raw(run.dialect === 'sqlite' ? `json_group_array(${c}) AS ${c}s` : `json_agg(${c} ORDER BY t) AS ${c}s`);
      const aggs = sql`count(*) AS n, ${agg('t')}, ${agg('lon')}, ${agg('lat')}, ${agg('speed')}, ${agg('heading')}, ${agg('altitude')}`;
      let [row] = await rawRows(sql`SELECT ${aggs} FROM object_positions WHERE ${where}`);
      const total = Number(row?.[0] ?? 0);
      const truncated = total > limit;
      if (truncated) {
        [row] = await rawRows(
          sql`SELECT ${aggs} FROM (SELECT t, lon, lat, speed, heading, altitude FROM object_positions WHERE ${where}
                ORDER BY t LIMIT ${limit} OFFSET ${total - limit}) x`,
        );
      }
      const n = Number(row?.[0] ?? 0);
      const column = (i: number): unknown[] => {
        const v = row?.[i];
        return n === 0 || v == null ? [] : ((typeof v === 'string' ? JSON.parse(v) : v) as unknown[]);
      };
      // Degrees in place: the arrays were just parsed and nobody else holds them.
      const degrees = (values: number[]) => {
        for (let i = 0; i < values.length; i++) values[i] = values[i]! / E7;
        return values;
      };
      return {
        id: objectId,
        // JSON.parse already gives numbers (and null where a position had none).
        times: column(1) as number[],
        lon: degrees(column(2) as number[]),
        lat: degrees(column(3) as number[]),
        speed: column(4) as (number | null)[],
        heading: column(5) as (number | null)[],
        altitude: column(6) as (number | null)[],
        truncated,
      };
    },
    async trails(query: TrailsQuery) {
      const whereSql = where(query.filter, query.context, query.at);
      const rows = await rawRows(
        sql`SELECT o.id, p.t, p.lon, p.lat FROM (
              SELECT o.id, o.k FROM ${relation(query.at)} WHERE ${whereSql} ORDER BY o.observed_at DESC, o.id LIMIT ${query.limit}
            ) o JOIN object_positions p ON p.object_key = o.k AND p.t > ${query.at - query.windowMs} AND p.t <= ${query.at}
            ORDER BY o.id, p.t`,
      );
      const trails: Trail[] = [];
      for (const [id, t, lon, lat] of rows) {
        let current = trails[trails.length - 1];
        if (current === undefined || current.id !== id) trails.push((current = { id: id as string, points: [] }));
        current.points.push([Number(t), Number(lon) / E7, Number(lat) / E7]);
      }
      for (const trail of trails) trail.points = thin(trail.points, query.maxPoints);
      return trails;
    },
    async timeRange() {
      const rows = await run.all<{ first: number | string | null; last: number | string | null }>(
        sql`SELECT (SELECT min(f) FROM (SELECT (SELECT min(t) FROM object_positions p WHERE p.object_key = ${historyKey(run.dialect)}) AS f FROM osm_objects o) x) AS first,
                   (SELECT max(observed_at) FROM osm_objects) AS last`,
      );
      const r = rows[0];
      return { from: r?.first == null ? null : Number(r.first), to: r?.last == null ? null : Number(r.last) };
    },
    async tagChanges(objectId: string, limit = 100) {
      const key = await keyOf(objectId);
      const rows = await run.all<{ t: number | string; tags: unknown; origin: string }>(
        sql`SELECT t, tags, origin FROM object_tag_changes WHERE object_key = ${key} ORDER BY t DESC LIMIT ${limit + 1}`,
      );
      const decoded = rows.map((r) => ({ t: Number(r.t), tags: run.decodeJson(r.tags), origin: r.origin }));
      return decoded.slice(0, limit).map((row, i) => toTagChange(objectId, row, decoded[i + 1]?.tags));
    },
    tagSuggestions: (query) => tagSuggestions(run, query),
    pruneHistory: (query) => pruneInSteps(run.dialect, query, pruneStep),
    previewPrune: (query) =>
      previewPrune(
        run.dialect,
        query,
        (q) => run.all(q),
        () => run.databaseBytes(),
      ),

    async listSources() {
      const rows = await run.all<Record<string, unknown>>(
        sql`SELECT ${SOURCE_COLUMNS} FROM data_sources ORDER BY created_at ASC, id ASC`,
      );
      return rows.map(toSource);
    },
    getSource,
    findSource,
    async findSourceTokenHash(id: string) {
      const rows = await run.all<{ token_hash: string }>(sql`SELECT token_hash FROM data_sources WHERE id = ${id}`);
      return rows[0]?.token_hash;
    },
    async createSource(input: NewSource) {
      const id = input.id ?? uuid7();
      const now = Date.now();
      await run.all(
        sql`INSERT INTO data_sources (id, name, description, type, connection_info, is_active, token_hash, created_at, updated_at)
            VALUES (${id}, ${input.name}, ${input.description}, ${input.type}, ${run.json(input.connectionInfo)},
                    ${run.bool(input.isActive)}, ${input.tokenHash}, ${now}, ${now})`,
      );
      return getSource(id);
    },
    async updateSource(id: string, patch: SourcePatch) {
      const sets: SQL[] = [sql`updated_at = ${Date.now()}`];
      if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`);
      if (patch.description !== undefined) sets.push(sql`description = ${patch.description}`);
      if (patch.connectionInfo !== undefined) sets.push(sql`connection_info = ${run.json(patch.connectionInfo)}`);
      if (patch.isActive !== undefined) sets.push(sql`is_active = ${run.bool(patch.isActive)}`);
      if (patch.tokenHash !== undefined) sets.push(sql`token_hash = ${patch.tokenHash}`);
      const rows = await run.all(sql`UPDATE data_sources SET ${sql.join(sets, sql`, `)} WHERE id = ${id} RETURNING id`);
      if (rows.length === 0) throw new NotFoundError('Source', id);
      return getSource(id);
    },
    async deleteSource(id: string) {
      const rows = await run.all(sql`DELETE FROM data_sources WHERE id = ${id} RETURNING id`);
      if (rows.length === 0) throw new NotFoundError('Source', id);
      // Its tombstones guard keys that can no longer be written (the source is gone).
      await run.all(sql`DELETE FROM object_tombstones WHERE source_id = ${id} RETURNING source_id`);
    },
    async stats(): Promise<StoreStats> {
      const rows = await run.all<{ o: number | string; s: number | string; h: number | string }>(
        sql`SELECT (SELECT count(*) FROM osm_objects) AS o, (SELECT count(*) FROM data_sources) AS s, (SELECT count(*) FROM object_positions) AS h`,
      );
      const r = rows[0];
      return {
        objects: Number(r?.o ?? 0),
        sources: Number(r?.s ?? 0),
        historyRows: Number(r?.h ?? 0),
        databaseBytes: await run.databaseBytes(),
      };
    },
  };
}
