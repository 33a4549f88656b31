/**
 * Messages between the SQLite store and its writer thread, and how batches and results are encoded
 * for postMessage (structured clone cost is part of the hot path).
 */
import type { OsmObject } from '../../../electron/contract/domain.js';
import type { PruneStep, PruneStepResult } from '../../history-retention.js';
import type { RuleEffectsWrite } from '../../rule-effects-sql.js';
import { E7, type HistoryColumns } from '../../history-rows.js';
import { objectColumns } from '../../object-writes.js';
import { batchIso, toTags } from '../../object-rows.js';
import type { IngestOp, IngestOpResult } from '../../store.js';

type Upsert = Extract<IngestOp, { op: 'upsert' }>;

/**
 * An upsert as it crosses to the writer: flat primitives (cheap to clone, nothing to re-serialize)
 * with the JSON text and the derived columns (name, kind, bbox) computed on the sending thread.
 */
export type EncodedUpsert = [
  sourceId: string,
  type: Upsert['type'],
  osmId: string,
  tagsJson: string,
  geomJson: string,
  observedAt: number,
  tainted: 0 | 1,
  name: string | null,
  kind: string | null,
  minLon: number,
  minLat: number,
  maxLon: number,
  maxLat: number,
  isPoint: 0 | 1,
  /** The tags without numeric speed/heading/altitude as JSON; null when that is `tagsJson` itself. */
  staticJson: string | null,
  speed: number | null,
  heading: number | null,
  altitude: number | null,
  /** 1 when the geometry is a 2D point (the history stores its lon/lat alone). */
  plainPoint: 0 | 1,
];

/** A fast-path result: the main thread rebuilds the object from the op it still holds. */
export type FastResult = [id: string, createdAt: number, updatedAt: number];

/** A fast-path first sighting (fast-creates.ts): created at `createdAt`, rebuilt from the op like FastResult. */
export type CreatedResult = [id: string, createdAt: number];

/**
 * A known object's older (or repeated) observation: history only, the current row unchanged and sent
 * back as stored (JSON text) for the main thread to rebuild.
 */
export type StaleResult = [
  id: string,
  createdAt: number,
  updatedAt: number,
  duplicate: 0 | 1,
  tagsJson: string,
  geomJson: string,
  observedAt: number,
  tainted: number,
];

/** One op on the wire: an encoded upsert, or the op itself (patches, deletes, upserts without coordinates). */
export type EncodedOp = EncodedUpsert | IngestOp;
export type EncodedOps = EncodedOp[];
/**
 * Results in op order; a fast-path update is only `[id, createdAt, updatedAt]` and a fast-path create
 * `[id, createdAt]` (no object to clone), an older observation of a known object a StaleResult (the
 * stored row as JSON text).
 */
export type EncodedResults = (IngestOpResult | FastResult | CreatedResult | StaleResult)[];

export type WriterRequest =
  /**
   * `resume`: the id of the last failed batch the sender has seen. After a failure the worker refuses
   * (`skipped`) every batch that does not carry it: those were sent before the failure was known.
   */
  | { type: 'apply'; id: number; ops: EncodedOps; resume?: number }
  | { type: 'limit'; id: number; maxPageCount: number | null }
  /** One retention step (prune.ts); outside the batch order, so it never skips nor is skipped. */
  | { type: 'prune'; id: number; step: PruneStep }
  /** One rule-engine step (rule-effects.ts); like a retention step, outside the batch order. */
  | { type: 'ruleEffects'; id: number; write: RuleEffectsWrite }
  /** A batch of a team's changes and the change log sequence it brings this desktop to, if any (team-writes.ts). */
  | { type: 'inbound'; id: number; ops: EncodedOps; seq: number | undefined }
  | { type: 'close' };

export type WriterReply =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedError }
  | { type: 'done'; id: number; results: EncodedResults }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'skipped'; id: number; failedId: number }
  | { type: 'warning'; error: SerializedError }
  | { type: 'limited'; id: number }
  | { type: 'pruned'; id: number; result: PruneStepResult }
  | { type: 'ruleEffectsDone'; id: number }
  /** A retention step or a rule-engine step failed (rolled back). */
  | { type: 'taskFailed'; id: number; error: SerializedError }
  | { type: 'closed' };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

/** Encodes one op; an upsert without coordinates stays an op (the store rejects it). */
export function encodeOp(op: EncodedOp): EncodedOp {
  if (Array.isArray(op) || op.op !== 'upsert') return op;
  const c = objectColumns(op.tags, op.geom);
  if (!c) return op;
  const [minLon, minLat, maxLon, maxLat] = c.bbox;
  const isPoint = op.geom.type === 'Point' ? 1 : 0;
  const tainted = op.tainted === true ? 1 : 0;
  return [
    op.sourceId,
    op.type,
    op.osmId,
    c.tagsJson,
    c.geomJson,
    op.observedAt,
    tainted,
    c.name,
    c.kind,
    minLon,
    minLat,
    maxLon,
    maxLat,
    isPoint,
    c.history.staticJson === c.tagsJson ? null : c.history.staticJson,
    c.history.speed,
    c.history.heading,
    c.history.altitude,
    c.history.geomJson === null ? 1 : 0,
  ];
}

/** The history columns of an encoded upsert (as db/history-rows.ts historyColumns computed them). */
export function historyOf(u: EncodedUpsert): HistoryColumns {
  return {
    lon: Math.round(((u[9] + u[11]) / 2) * E7),
    lat: Math.round(((u[10] + u[12]) / 2) * E7),
    speed: u[15],
    heading: u[16],
    altitude: u[17],
    geomJson: u[18] === 1 ? null : u[4],
    staticJson: u[14] ?? u[3],
  };
}

/** Encodes a batch for the worker. */
export function encodeOps(ops: IngestOp[]): EncodedOps {
  return ops.map(encodeOp);
}

/** Decodes one op in the worker (for the store's batch writer). */
export function decodeOp(e: EncodedOp): IngestOp {
  if (!Array.isArray(e)) return e;
  return {
    op: 'upsert',
    sourceId: e[0],
    type: e[1],
    osmId: e[2],
    tags: JSON.parse(e[3]) as Upsert['tags'],
    geom: JSON.parse(e[4]) as Upsert['geom'],
    observedAt: e[5],
    ...(e[6] === 1 ? { tainted: true } : {}),
  };
}

/**
 * The object toOsmObject builds for `op`'s key, with the times formatted through the per-minute cache.
 * Ingest owns the op and never changes it, so a null-prototype tags object is shared, not copied.
 */
function objectOf(
  op: Upsert,
  id: string,
  tags: Upsert['tags'],
  geom: Upsert['geom'],
  observedAt: number,
  tainted: boolean,
  createdAt: number,
  updatedAt: number,
): OsmObject {
  return {
    id,
    osm_id: op.osmId,
    type: op.type,
    tags: Object.getPrototypeOf(tags) === null ? tags : toTags(tags),
    geom,
    source_id: op.sourceId,
    tainted,
    observed_at: batchIso(observedAt),
    created_at: batchIso(createdAt),
    updated_at: batchIso(updatedAt),
  };
}

/** Decodes a batch's results on the main thread, rebuilding fast-path objects from their ops. */
export function decodeResults(encoded: EncodedResults, ops: IngestOp[]): IngestOpResult[] {
  const out = new Array<IngestOpResult>(encoded.length);
  for (let i = 0; i < encoded.length; i++) {
    const r = encoded[i]!;
    if (!Array.isArray(r)) {
      out[i] = r;
      continue;
    }
    const op = ops[i];
    if (op?.op !== 'upsert') throw new Error(`Writer result ${i} is a fast-path result but its op is not an upsert.`);
    if (r.length === 8) {
      // History only: the object is the stored row, not the op.
      const [id, createdAt, updatedAt, duplicate, tagsJson, geomJson, observedAt, tainted] = r;
      const tags = toTags(JSON.parse(tagsJson));
      const geom = JSON.parse(geomJson) as Upsert['geom'];
      const object = objectOf(op, id, tags, geom, observedAt, tainted === 1, createdAt, updatedAt);
      out[i] = { op: 'upsert', status: duplicate === 1 ? 'duplicate' : 'updated', object, observedMs: observedAt };
      continue;
    }
    if (r.length === 2) {
      const [id, createdAt] = r;
      const object = objectOf(op, id, op.tags, op.geom, op.observedAt, op.tainted === true, createdAt, createdAt);
      out[i] = { op: 'upsert', status: 'created', object, observedMs: op.observedAt };
      continue;
    }
    const [id, createdAt, updatedAt] = r;
    const object = objectOf(op, id, op.tags, op.geom, op.observedAt, op.tainted === true, createdAt, updatedAt);
    out[i] = { op: 'upsert', status: 'updated', object, observedMs: op.observedAt };
  }
  return out;
}
