/**
 * The writer thread's fast path for moving objects: an upsert of an object this connection already
 * knows, with a newer observation, is one UPDATE by rowid plus one position row (and a tag change
 * only when the static tags differ from the cached ones) — no lookup of the stored row; repeated
 * updates of one point in a batch write positions each, the current row once. An older or repeated
 * observation of a known object is one position insert and one read by rowid.
 * Upserts of keys it does not know go to its first-sighting path (fast-creates.ts), in runs.
 * Everything else (patches, deletes, keys stored but not cached, objects with hand-edited tags, a stale
 * cache entry) goes through the general batch writer (sqlite-writer.ts), in the same transaction and
 * in op order.
 */
import type Database from 'better-sqlite3';
import type { IngestOpResult } from '../../store.js';
import { createFastCreates } from './fast-creates.js';
import { prepareHistoryWrites } from './history-writes.js';
import type { SqliteBatchWriter } from './sqlite-writer.js';
import {
  decodeOp,
  encodeOp,
  historyOf,
  type CreatedResult,
  type EncodedOp,
  type EncodedResults,
  type EncodedUpsert,
  type FastResult,
  type StaleResult,
} from './writer-codec.js';

interface Known {
  rowid: number;
  id: string;
  createdAt: number;
  observedAt: number;
  name: string | null;
  kind: string | null;
  /**
   * The static tags in force at observedAt (JSON text as stored), for spotting tag changes; read on
   * the object's first fast update, so objects that are never updated (imports) hold no copy.
   */
  staticJson: string | undefined;
}

const keyOf = (u: EncodedUpsert): string => `${u[0]}\u0000${u[1]}\u0000${u[2]}`;
const isUpsert = Array.isArray as (op: EncodedOp) => op is EncodedUpsert;

/**
 * Wraps `slow` (createSqliteBatchWriter over the same `db`). `maxKnown` bounds the key cache; a
 * stale entry (object deleted or changed elsewhere) is caught by the UPDATE's guard and falls back.
 * Takes ops or their wire form (writer-codec.ts: upserts arrive with their JSON text and bbox).
 */
export function createFastUpserts(
  db: Database.Database,
  slow: SqliteBatchWriter,
  maxKnown = 250_000,
): (ops: EncodedOp[]) => EncodedResults {
  const known = new Map<string, Known>();
  const keyById = new Map<string, string>();
  const forget = (id: string): void => {
    const key = keyById.get(id);
    if (key !== undefined) known.delete(key);
    keyById.delete(id);
  };
  const setSql = `UPDATE osm_objects SET tags = ?, geom = ?, min_lon = ?, min_lat = ?, max_lon = ?, max_lat = ?,
    tainted = ?, observed_at = ?, updated_at = ?`;
  // An object with hand-edited tags (tag_overrides) is never cached; the guard makes sure of it.
  const guard = 'WHERE rowid = ? AND id = ? AND observed_at < ? AND tag_overrides IS NULL';
  const update = db.prepare(`${setSql}, name = ?, kind = ? ${guard}`);
  // Leaving name/kind out of the SET when unchanged spares their index entries.
  const updateSameLabels = db.prepare(`${setSql} ${guard}`);
  const history = prepareHistoryWrites(db);
  const stillOlder = db.prepare('SELECT 1 FROM osm_objects WHERE rowid = ? AND id = ? AND observed_at < ?').pluck();
  const currentOf = db.prepare<
    [number, string],
    { tags: string; geom: string; observed_at: number; updated_at: number; tainted: number }
  >('SELECT tags, geom, observed_at, updated_at, tainted FROM osm_objects WHERE rowid = ? AND id = ?');
  const insertCreates = createFastCreates(db);
  const rowOf = db.prepare<
    [string],
    {
      rowid: number;
      created_at: number;
      observed_at: number;
      name: string | null;
      kind: string | null;
      overridden: number;
    }
  >(
    'SELECT rowid, created_at, observed_at, name, kind, tag_overrides IS NOT NULL AS overridden FROM osm_objects WHERE id = ?',
  );

  function fast(u: EncodedUpsert, k: Known, now: number): FastResult | undefined {
    const [, , , tagsJson, geomJson, observedAt, tainted, name, kind, minLon, minLat, maxLon, maxLat] = u;
    const set = [tagsJson, geomJson, minLon, minLat, maxLon, maxLat, tainted, observedAt, now];
    const where = [k.rowid, k.id, observedAt];
    const changed = (
      name === k.name && kind === k.kind
        ? updateSameLabels.run(...set, ...where)
        : update.run(...set, name, kind, ...where)
    ).changes;
    if (changed === 0) return undefined;
    appendHistory(u, k, now);
    k.observedAt = observedAt;
    k.name = name;
    k.kind = kind;
    return [k.id, k.createdAt, now];
  }

  /**
   * The position of a newer observation (the history never holds one newer than the current row, so it
   * cannot conflict) and its tags when they changed.
   */
  function appendHistory(u: EncodedUpsert, k: Known, now: number): void {
    const h = historyOf(u);
    history.addPosition(k.rowid, u[5], h, now);
    if (h.staticJson === (k.staticJson ??= history.tagsAt(k.rowid, u[5]))) return;
    history.addTagChange(k.rowid, u[5], h.staticJson, 'source', now);
    k.staticJson = h.staticJson;
  }

  /** An observation no newer than the stored one: its position (unless already there) and tags, nothing else. */
  function stale(u: EncodedUpsert, k: Known, now: number): StaleResult | undefined {
    const row = currentOf.get(k.rowid, k.id);
    if (!row) return undefined;
    const h = historyOf(u);
    const added = history.addPosition(k.rowid, u[5], h, now);
    if (added) history.noteLateTags(k.rowid, u[5], h.staticJson, now);
    return [k.id, k.createdAt, row.updated_at, added ? 0 : 1, row.tags, row.geom, row.observed_at, row.tainted];
  }

  /** A point superseded later in the same batch: its history only; the last one writes the row. */
  function historyOnly(u: EncodedUpsert, k: Known, now: number): FastResult | undefined {
    if (!stillOlder.get(k.rowid, k.id, u[5])) return undefined;
    appendHistory(u, k, now);
    k.observedAt = u[5];
    return [k.id, k.createdAt, now];
  }

  /**
   * Which upserts may be coalesced: points of known objects whose key recurs later in the batch with
   * strictly newer observations, and no patch or delete of the same object in the batch.
   */
  function coalescible(ops: EncodedOp[], keys: (string | undefined)[]): Set<number> {
    // Most batches name every object once: nothing to coalesce, and one Set pass says so.
    const distinct = new Set<string>();
    let upserts = 0;
    for (const key of keys) {
      if (key === undefined) continue;
      distinct.add(key);
      upserts++;
    }
    if (distinct.size === upserts) return new Set();
    const last = new Map<string, number>();
    const blocked = new Set<string>();
    const seen = new Map<string, number>();
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const key = keys[i];
      if (!isUpsert(op) || key === undefined) {
        const other = !isUpsert(op) && op.op !== 'upsert' ? keyById.get(op.objectId) : undefined;
        if (other !== undefined) blocked.add(other);
        continue;
      }
      const prev = seen.get(key);
      // Only keys known now: a patch or delete can name their object only by the id cached for them.
      if (!known.has(key) || op[13] !== 1 || (prev !== undefined && op[5] <= prev)) blocked.add(key);
      seen.set(key, op[5]);
      last.set(key, i);
    }
    const out = new Set<number>();
    for (let i = 0; i < ops.length; i++) {
      const key = keys[i];
      if (key !== undefined && !blocked.has(key) && last.get(key) !== i) out.add(i);
    }
    return out;
  }

  /** Caches `entry` under `key`; the oldest entry goes first (Map keeps insertion order), so hot objects come back. */
  function cache(key: string, entry: Known): void {
    if (known.size >= maxKnown) {
      const [oldKey, old] = known.entries().next().value as [string, Known];
      known.delete(oldKey);
      keyById.delete(old.id);
    }
    const previous = known.get(key);
    if (previous) keyById.delete(previous.id);
    known.delete(key);
    keyById.set(entry.id, key);
    known.set(key, entry);
  }

  function remember(op: EncodedOp, result: IngestOpResult): void {
    if (!isUpsert(op) || (result.status !== 'created' && result.status !== 'updated' && result.status !== 'duplicate'))
      return;
    const row = rowOf.get(result.object.id);
    // Hand-edited tags must be laid over every feed update: the general writer does that.
    if (!row || row.overridden) return;
    cache(keyOf(op), {
      rowid: row.rowid,
      id: result.object.id,
      createdAt: row.created_at,
      observedAt: row.observed_at,
      name: row.name,
      kind: row.kind,
      staticJson: undefined,
    });
  }

  const cacheCreated = (now: number) => (u: EncodedUpsert, rowid: number, id: string) =>
    cache(keyOf(u), { rowid, id, createdAt: now, observedAt: u[5], name: u[7], kind: u[8], staticJson: undefined });

  const apply = db.transaction((input: EncodedOp[]): EncodedResults => {
    const now = Date.now();
    const ops = input.map(encodeOp);
    const out = new Array<IngestOpResult | FastResult | CreatedResult | StaleResult>(ops.length);
    const keys = ops.map((op) => (isUpsert(op) ? keyOf(op) : undefined));
    const early = coalescible(ops, keys);
    const sources = new Map<string, boolean>(); // which sources exist, checked once per batch
    const onCreated = cacheCreated(now);
    const slowRun = (indexes: number[]): void => {
      const results = slow(indexes.map((i) => decodeOp(ops[i]!))); // nested: a savepoint inside this transaction
      indexes.forEach((opIndex, j) => {
        out[opIndex] = results[j]!;
        remember(ops[opIndex]!, results[j]!);
      });
    };
    // Ops waiting to be written together: a run for the general writer, or a run of first sightings
    // (distinct keys, so the keys found stored after all may be written after the run's creates).
    let pending: number[] = [];
    let pendingCreates = false;
    const createKeys = new Set<string>();
    const flush = (): void => {
      const run = pending;
      pending = [];
      if (run.length === 0) return;
      if (!pendingCreates) return slowRun(run);
      createKeys.clear();
      const outcomes = insertCreates(
        run.map((i) => ops[i] as EncodedUpsert),
        now,
        sources,
        onCreated,
      );
      const stored = run.filter((opIndex, j) => {
        const r = outcomes[j];
        if (r !== undefined) out[opIndex] = r;
        return r === undefined;
      });
      if (stored.length > 0) slowRun(stored);
    };
    const add = (i: number, isCreate: boolean): void => {
      if (pendingCreates !== isCreate) flush();
      pendingCreates = isCreate;
      pending.push(i);
    };
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      const key = keys[i];
      if (key !== undefined && createKeys.has(key)) flush(); // its first sighting is written first
      const k = key !== undefined ? known.get(key) : undefined;
      if (key !== undefined && !k) {
        add(i, true);
        createKeys.add(key);
        continue;
      }
      if (isUpsert(op) && k) {
        flush();
        const r = op[5] <= k.observedAt ? stale(op, k, now) : early.has(i) ? historyOnly(op, k, now) : fast(op, k, now);
        if (r) {
          out[i] = r;
          continue;
        }
        forget(k.id);
      }
      add(i, false);
      // A patch changes tags (and name/kind) behind the cache's back; a delete frees the rowid.
      if (!isUpsert(op) && op.op !== 'upsert') forget(op.objectId);
    }
    flush();
    return out;
  });

  return (ops) => (ops.length === 0 ? [] : apply.immediate(ops));
}
