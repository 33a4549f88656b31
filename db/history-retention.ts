/**
 * History retention (issue 14 item 5), written once for both dialects: which stored positions a rule
 * removes, and the chunked loops that remove or count them. A rule keeps every position from
 * `before` on and, older than that, the first position per object in each `bucketMs` bucket (epoch
 * aligned); an object's newest position and every tag change are always kept. Each step touches the
 * objects of one key range and at most `maxRows` rows, so a step is one short transaction that ingest
 * batches interleave with (the SQLite writer thread runs it; Postgres runs it as one statement).
 */
import { sql, type SQL } from 'drizzle-orm';
import { historyKey, type HistoryDialect } from './history-sql.js';

/** A history key: SQLite keys positions by the object's rowid, Postgres by its id. */
export type HistoryKeyValue = number | string;

/** Below every history key of the dialect (the first step starts after it). */
export function firstHistoryKey(dialect: HistoryDialect): HistoryKeyValue {
  return dialect === 'sqlite' ? Number.MIN_SAFE_INTEGER : '';
}

/** What to prune: positions observed before `before` (epoch ms), thinned to one per `bucketMs`. */
export interface PruneQuery {
  before: number;
  bucketMs: number;
  /**
   * Positions before this time (epoch ms) are not looked at: a job that already thinned up to a
   * cutoff passes that cutoff's bucket start. Default: all.
   */
  since?: number;
  /** Stops between steps once aborted; what was removed so far stays removed. */
  signal?: AbortSignal;
  /** Positions removed per transaction at most (default PRUNE_ROWS_PER_STEP). */
  rowsPerStep?: number;
}

/** One step: the objects with keys in (after, upTo]; upTo null = the next `objects` objects. */
export interface PruneStep {
  after: HistoryKeyValue;
  upTo: HistoryKeyValue | null;
  since: number;
  before: number;
  bucketMs: number;
  /** Objects per key range. */
  objects: number;
  /** Positions removed per step at most. */
  maxRows: number;
}

/** What a step did: the range's last key (null: no objects left) and how many positions it removed. */
export interface PruneStepResult {
  upTo: HistoryKeyValue | null;
  removed: number;
}

export interface PruneResult {
  removed: number;
  /** Steps (transactions) it took. */
  steps: number;
  /** False when the signal stopped it early. */
  complete: boolean;
}

/** What a rule would remove now, and what the positions take on disk. */
export interface PrunePreview {
  positions: number;
  removable: number;
  /** Bytes the positions table takes (SQLite: its pages incl. the key index; Postgres: table + indexes + TOAST). */
  positionBytes: number;
  /** removable × the average bytes per position: space the database can reuse. */
  bytesFreed: number;
  /** The whole database's size (SqlRunner.databaseBytes). */
  databaseBytes: number;
}

/** Objects per step and positions per transaction: a step stays in the milliseconds. */
export const PRUNE_OBJECTS_PER_STEP = 500;
export const PRUNE_ROWS_PER_STEP = 10_000;
/** Objects per counting query of a preview (it runs on the reading connection, between other reads). */
const PREVIEW_OBJECTS_PER_STEP = 50;

/** The last key of the next `objects` objects after `after` (NULL when none are left). */
export function chunkEndSql(dialect: HistoryDialect, after: HistoryKeyValue, objects: number): SQL {
  const k = historyKey(dialect);
  return sql`SELECT max(k) AS k FROM (SELECT ${k} AS k FROM osm_objects o WHERE ${k} > ${after} ORDER BY ${k} LIMIT ${objects}) x`;
}

/**
 * The positions of the objects in (after, upTo], observed in [since, before), that the rule removes:
 * it is later than the first position of its object in its bucket (so the bucket's first stays) and
 * earlier than the object's newest (so the newest stays). Both are kept rows, so the answer does not
 * depend on the order rows are removed in. Scalar subqueries, not EXISTS: each is one index seek on
 * (object_key, t) in both dialects, where Postgres would turn EXISTS into a hash join on object_key
 * alone (quadratic in an object's positions).
 */
function removableWhere(step: Omit<PruneStep, 'objects' | 'maxRows'> & { upTo: HistoryKeyValue }): SQL {
  return sql`p.object_key > ${step.after} AND p.object_key <= ${step.upTo} AND p.t >= ${step.since} AND p.t < ${step.before}
    AND p.t > (SELECT min(q.t) FROM object_positions q WHERE q.object_key = p.object_key AND q.t >= p.t - (p.t % ${step.bucketMs}))
    AND p.t < (SELECT max(q.t) FROM object_positions q WHERE q.object_key = p.object_key)`;
}

/** Deletes up to `maxRows` removable positions of one key range. */
export function pruneDeleteSql(step: PruneStep & { upTo: HistoryKeyValue }): SQL {
  return sql`DELETE FROM object_positions WHERE (object_key, t) IN (
    SELECT p.object_key, p.t FROM object_positions p WHERE ${removableWhere(step)} LIMIT ${step.maxRows})`;
}

/** Counts the removable positions of one key range. */
export function pruneCountSql(step: Omit<PruneStep, 'objects' | 'maxRows'> & { upTo: HistoryKeyValue }): SQL {
  return sql`SELECT count(*) AS n FROM object_positions p WHERE ${removableWhere(step)}`;
}

/** Bytes and count of the positions table. */
export function positionBytesSql(dialect: HistoryDialect): SQL {
  return dialect === 'sqlite'
    ? sql`SELECT (SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = 'object_positions') AS bytes, (SELECT count(*) FROM object_positions) AS n`
    : sql`SELECT pg_total_relation_size('object_positions')::text AS bytes, (SELECT count(*) FROM object_positions)::text AS n`;
}

/**
 * Removes what the rule removes, one step at a time through `runStep` (the dialect's transaction).
 * A range that hit `maxRows` is stepped again before moving on.
 */
export async function pruneInSteps(
  dialect: HistoryDialect,
  query: PruneQuery,
  runStep: (step: PruneStep) => Promise<PruneStepResult>,
): Promise<PruneResult> {
  let after = firstHistoryKey(dialect);
  let upTo: HistoryKeyValue | null = null;
  let removed = 0;
  let steps = 0;
  const maxRows = query.rowsPerStep ?? PRUNE_ROWS_PER_STEP;
  for (;;) {
    if (query.signal?.aborted) return { removed, steps, complete: false };
    const r = await runStep({
      after,
      upTo,
      since: query.since ?? Number.MIN_SAFE_INTEGER,
      before: query.before,
      bucketMs: query.bucketMs,
      objects: PRUNE_OBJECTS_PER_STEP,
      maxRows,
    });
    steps++;
    if (r.upTo === null) return { removed, steps, complete: true };
    removed += r.removed;
    if (r.removed >= maxRows) upTo = r.upTo;
    else [after, upTo] = [r.upTo, null];
  }
}

/** Runs SQL on a reading connection (SqlRunner.all). */
type Reader = <T>(query: SQL) => Promise<T[]>;

/**
 * Counts what `pruneInSteps` would remove, in key ranges, yielding to the event loop between them
 * (SQLite reads run on the thread that serves IPC and the hub).
 */
export async function previewPrune(
  dialect: HistoryDialect,
  query: Pick<PruneQuery, 'before' | 'bucketMs'>,
  read: Reader,
  databaseBytes: () => Promise<number>,
): Promise<PrunePreview> {
  let removable = 0;
  for (let after = firstHistoryKey(dialect); ;) {
    const [end] = await read<{ k: HistoryKeyValue | null }>(chunkEndSql(dialect, after, PREVIEW_OBJECTS_PER_STEP));
    if (end?.k === null || end?.k === undefined) break;
    const step = { after, upTo: end.k, since: Number.MIN_SAFE_INTEGER, ...query };
    const [counted] = await read<{ n: number | string }>(pruneCountSql(step));
    removable += Number(counted?.n ?? 0);
    after = end.k;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const [size] = await read<{ bytes: number | string; n: number | string }>(positionBytesSql(dialect));
  const positions = Number(size?.n ?? 0);
  const positionBytes = Number(size?.bytes ?? 0);
  return {
    positions,
    removable,
    positionBytes,
    bytesFreed: positions === 0 ? 0 : Math.round((removable * positionBytes) / positions),
    databaseBytes: await databaseBytes(),
  };
}
