/**
 * What a re-import into an existing `file` source adds to an import (docs/osm-import.md, "Re-import"):
 * it notes which elements the new file holds, and once the whole file is stored it patches, through
 * the one ingest path, the source's objects the file no longer holds with `osm:deleted=yes`, and
 * lifts that mark from objects the file holds again. Objects are never removed: they keep their history.
 */
import type { Geometry, ObjectType, Tags } from '../../../contract/domain.js';
import type { IngestOp, IngestOpResult, RawObjectRow } from '../../../../db/store.js';
import type { Ingest } from '../../ingest/types.js';

/** The tag a re-import sets on objects its file no longer holds. */
export const DELETED_TAG = 'osm:deleted';

/** Patches are submitted this many at a time. */
const PATCH_BATCH = 1000;

/**
 * The (type, id) keys a file holds. OSM ids (decimal integers) go into a sorted array of doubles per
 * type, 8 bytes each (a `Set` costs 28–44 bytes per id and holds at most 2^24); other ids (GeoJSON,
 * GPX names) into a `Set` of strings.
 */
export class SeenKeys {
  private readonly ids = new Map<ObjectType, IdList>();
  private readonly names = new Set<string>();

  add(type: ObjectType, osmId: string): void {
    if (!isNumericId(osmId)) {
      this.names.add(`${type}/${osmId}`);
      return;
    }
    let list = this.ids.get(type);
    if (!list) this.ids.set(type, (list = new IdList()));
    list.push(Number(osmId));
  }

  has(type: ObjectType, osmId: string): boolean {
    if (!isNumericId(osmId)) return this.names.has(`${type}/${osmId}`);
    return this.ids.get(type)?.has(Number(osmId)) ?? false;
  }

  /**
   * Notes the element a skip reason names (`way 123: …` from the OSM readers, `node '7': …` from
   * validation): it is in the file, only not buildable now, so it is not marked deleted.
   */
  addSkipped(reason: string): void {
    const m = /^(node|way|relation) (?:'([^']*)'|(\d+)):/.exec(reason);
    if (m) this.add(m[1] as ObjectType, m[2] ?? m[3]!);
  }
}

const isNumericId = (osmId: string) => /^(0|[1-9]\d{0,14})$/.test(osmId);

/** A growable array of ids, sorted once before the first lookup (files come sorted: then a no-op). */
class IdList {
  private data = new Float64Array(1024);
  private size = 0;
  private sorted = true;

  push(id: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    if (this.size > 0 && id < this.data[this.size - 1]!) this.sorted = false;
    this.data[this.size++] = id;
  }

  has(id: number): boolean {
    if (!this.sorted) {
      this.data.subarray(0, this.size).sort();
      this.sorted = true;
    }
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.data[mid]!;
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/** An object stored with the deletion mark that the new file holds again, with the file's state of it. */
export interface Restore {
  objectId: string;
  tags: Tags;
  geom: Geometry;
  /** The stored observation time (the mark's), epoch ms. */
  storedMs: number;
}

/** The restore an upsert's result calls for: the stored object still carries the mark. */
export function restoreFor(op: IngestOp, result: IngestOpResult): Restore | undefined {
  if (op.op !== 'upsert' || result.status === 'rejected' || result.op === 'delete') return undefined;
  if (result.object.tags[DELETED_TAG] === undefined) return undefined;
  return { objectId: result.object.id, tags: op.tags, geom: op.geom, storedMs: result.observedMs };
}

export interface FinishOptions {
  ingest: Ingest;
  sourceId: string;
  seen: SeenKeys;
  restores: Restore[];
  /** The file's time (its newest element), epoch ms: the patches are observed then. */
  fileTime: number;
  /** The source's objects, page by page. */
  rows: () => AsyncIterable<RawObjectRow[]>;
  signal?: AbortSignal;
  /** Told after each committed batch: objects restored and objects newly marked, so far. */
  onCount: (c: { restored: number; deleted: number }) => void;
}

/**
 * Replaces each restored object's state by the file's, then marks the source's objects the file does
 * not hold (and not marked yet). A patch is observed at the file's time, or 1 ms after the object's
 * last observation when that is later, so it becomes the newest state and never overwrites a
 * history entry. Stops between batches when `signal` fires; the counts say what was done.
 */
export async function finishReimport(o: FinishOptions): Promise<void> {
  const at = (storedMs: number) => Math.max(o.fileTime, storedMs + 1);
  const counts = { restored: 0, deleted: 0 };
  const submit = async (ops: IngestOp[], key: 'restored' | 'deleted') => {
    if (ops.length === 0) return;
    const results = await o.ingest.submit(ops, { sourceId: o.sourceId, channel: 'import' });
    counts[key] += results.filter((r) => r.status === 'updated').length;
    o.onCount({ ...counts });
  };
  for (let i = 0; i < o.restores.length && !o.signal?.aborted; i += PATCH_BATCH) {
    const ops = o.restores.slice(i, i + PATCH_BATCH).map((r): IngestOp => ({
      op: 'patch',
      origin: 'source',
      objectId: r.objectId,
      tags: r.tags,
      tagsMode: 'replace',
      geom: r.geom,
      observedAt: at(r.storedMs),
    }));
    await submit(ops, 'restored');
  }
  for await (const page of o.rows()) {
    if (o.signal?.aborted) return;
    const ops: IngestOp[] = [];
    for (const row of page) {
      if (o.seen.has(row.type, row.osm_id) || isMarked(row.tags)) continue;
      ops.push({
        op: 'patch',
        origin: 'source',
        objectId: row.id,
        tags: { [DELETED_TAG]: 'yes' },
        tagsMode: 'merge',
        observedAt: at(row.observed_at),
      });
    }
    await submit(ops, 'deleted');
  }
}

/** Whether a stored row's tags (JSON text) carry the mark; parsed only when the key appears. */
function isMarked(tagsJson: string): boolean {
  if (!tagsJson.includes(`"${DELETED_TAG}"`)) return false;
  return (JSON.parse(tagsJson) as Tags)[DELETED_TAG] !== undefined;
}
