/**
 * What a polled OpenStreetMap source remembers of its previous answer, per element, and the ops a
 * new complete answer calls for: new elements, elements whose version (or, without versions,
 * tags or geometry) changed, and elements gone from the answer, which are marked `osm:deleted=yes`
 * the way a re-import marks them (files/import/reimport.ts), never removed, so they keep their history.
 */
import type { Geometry, ObjectType, TagValue, Tags } from '../../../contract/domain.js';
import { DELETED_TAG } from '../../files/import/reimport.js';
import type { IngestOp } from '../../ingest/types.js';
import { stableJson } from '../stable-json.js';

/** One element of an answer, built into an object. */
export interface LiveElement {
  type: ObjectType;
  osmId: string;
  tags: Tags;
  geom: Geometry;
  /** Epoch ms of the element's version (its `timestamp`), when the answer carries it. */
  observedAt?: number;
  tainted?: boolean;
}

interface Known {
  version: TagValue | undefined;
  print: string;
  observedAt: number;
  tags: Tags;
  geom: Geometry;
  deleted: boolean;
}

export interface DiffCounts {
  created: number;
  changed: number;
  deleted: number;
  unchanged: number;
}

export interface DiffOptions {
  sourceId: string;
  /** Epoch ms the answer's data stands for (Overpass `timestamp_osm_base`, else now). */
  answerTime: number;
  /** Keys (`way/12`) the answer holds but could not build: not gone, so not marked deleted. */
  present?: ReadonlySet<string>;
}

/** `way/12`. */
export const elementKey = (type: ObjectType, osmId: string): string => `${type}/${osmId}`;

/** The diff state of one running source; lives as long as its connector. */
export class ElementDiff {
  private readonly known = new Map<string, Known>();

  /** Elements known and not marked deleted. */
  get size(): number {
    let n = 0;
    for (const k of this.known.values()) if (!k.deleted) n++;
    return n;
  }

  /**
   * The upserts one complete answer calls for, in answer order, then the deletion marks. A change
   * is observed at the element's own timestamp when its version is new, else at the answer's time
   * (1 ms after the last observation at the earliest, so it never lands on an existing history entry).
   * The answer becomes the one the next is diffed against only at `commit()`, after its ops were
   * stored: an answer whose ops were refused or lost is diffed, and so sent, again.
   */
  next(elements: LiveElement[], o: DiffOptions): { ops: IngestOp[]; counts: DiffCounts; commit: () => void } {
    const staged = new Map<string, Known>();
    const ops: IngestOp[] = [];
    const counts: DiffCounts = { created: 0, changed: 0, deleted: 0, unchanged: 0 };
    const seen = new Set<string>();
    for (const el of elements) {
      const key = elementKey(el.type, el.osmId);
      seen.add(key);
      const prev = this.known.get(key);
      const version = el.tags['osm:version'];
      const print = stableJson([el.tags, el.geom]);
      let at: number;
      if (!prev) {
        at = el.observedAt ?? o.answerTime;
        counts.created++;
      } else if (!prev.deleted && prev.print === print) {
        counts.unchanged++;
        continue;
      } else {
        const isNewVersion = version !== undefined && version !== prev.version;
        const own = isNewVersion && el.observedAt !== undefined ? el.observedAt : o.answerTime;
        at = Math.max(own, prev.observedAt + 1);
        if (prev.deleted) counts.created++;
        else counts.changed++;
      }
      staged.set(key, { version, print, observedAt: at, tags: el.tags, geom: el.geom, deleted: false });
      ops.push({
        op: 'upsert',
        sourceId: o.sourceId,
        type: el.type,
        osmId: el.osmId,
        tags: el.tags,
        geom: el.geom,
        observedAt: at,
        ...(el.tainted ? { tainted: true } : {}),
      });
    }
    for (const [key, prev] of this.known) {
      if (prev.deleted || seen.has(key) || o.present?.has(key)) continue;
      const [op, marked] = markDeleted(key, prev, o);
      staged.set(key, marked);
      ops.push(op);
      counts.deleted++;
    }
    const commit = () => {
      for (const [key, k] of staged) this.known.set(key, k);
    };
    return { ops, counts, commit };
  }
}

/** The upsert that marks a known element deleted at the answer's time (after its last observation), and what is then known of it. */
function markDeleted(key: string, prev: Known, o: DiffOptions): [IngestOp, Known] {
  const [type, osmId] = key.split('/') as [ObjectType, string];
  const tags = Object.assign(Object.create(null) as Tags, prev.tags, { [DELETED_TAG]: 'yes' });
  const at = Math.max(o.answerTime, prev.observedAt + 1);
  return [
    { op: 'upsert', sourceId: o.sourceId, type, osmId, tags, geom: prev.geom, observedAt: at },
    { ...prev, tags, observedAt: at, deleted: true },
  ];
}
