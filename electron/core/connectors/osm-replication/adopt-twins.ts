/**
 * One object per OSM element whatever came first: a replication source started before an extract's
 * import stored its own objects for the elements its diffs touched, and the import then added the
 * extract's. The source hands each such object (a "twin") over to the extract's objects through
 * the one ingest path — its history replayed onto them (a version older than theirs only adds
 * history), its hand edits made again as hand edits — and deletes its own.
 */
import type { HistoryEntry, OsmObject, TagOverrides, Tags } from '../../../contract/domain.js';
import type { IngestOp } from '../../ingest/types.js';
import type { OsmTwins } from '../connector-context.js';

/** Ops handed to ingest at a time (each object's ops stay together, in order). */
const ADOPT_CHUNK = 2000;

/** An entry's tags as the feed gave them: an overridden key showing the analyst's value shows the feed's. */
function feedOf(tags: Tags, overrides: TagOverrides | undefined): Tags {
  if (!overrides) return tags;
  const feed: Tags = { ...tags };
  for (const [key, o] of Object.entries(overrides)) {
    if (!Object.hasOwn(feed, key) ? o.value !== null : feed[key] !== o.value) continue;
    if (o.feed === null) delete feed[key];
    else feed[key] = o.feed;
  }
  return feed;
}

/** The ops that move `own` onto `twins`: its history as upserts, its overrides as hand edits, then its deletion. */
export function adoptionOps(own: OsmObject, twins: OsmObject[], history: HistoryEntry[], now: number): IngestOp[] {
  const ops: IngestOp[] = [];
  let tags: Tags | null = null;
  let geom = own.geom;
  // A hand edit of tags observes nothing (the object keeps its time): rows after the object's time
  // are such edits, made again below as edits of the extract's objects.
  const observed = history.filter((e) => Date.parse(e.observed_at) <= Date.parse(own.observed_at));
  for (const [i, e] of observed.entries()) {
    tags = e.tags ? feedOf(e.tags, own.overrides) : tags;
    geom = e.geom ?? geom;
    if (!tags) continue;
    const last = i === observed.length - 1;
    for (const t of twins)
      ops.push({
        op: 'upsert',
        sourceId: t.source_id,
        type: own.type,
        osmId: own.osm_id,
        tags,
        geom,
        observedAt: Date.parse(e.observed_at),
        ...(last && own.tainted ? { tainted: true } : {}),
      });
  }
  for (const t of twins) {
    // The analyst's edits of the source's object, unless the extract's object has its own for the key.
    const edits = Object.entries(own.overrides ?? {}).filter(
      ([key]) => !t.overrides || !Object.hasOwn(t.overrides, key),
    );
    if (edits.length > 0)
      ops.push({
        op: 'patch',
        objectId: t.id,
        tags: Object.fromEntries(edits.map(([key, o]) => [key, o.value])),
        tagsMode: 'merge',
        observedAt: now,
      });
  }
  ops.push({ op: 'delete', objectId: own.id });
  return ops;
}

/**
 * Adopts every twin of the source into the extracts' objects; answers how many of its objects it
 * handed over, or false when ingest did not store them (tried again at the next look).
 */
export async function adoptTwins(
  twins: OsmTwins,
  submit: (ops: IngestOp[]) => Promise<boolean>,
  now: () => number,
): Promise<number | false> {
  let adopted = 0;
  let ops: IngestOp[] = [];
  for (const { own, twins: theirs } of await twins.find()) {
    ops.push(...adoptionOps(own, theirs, await twins.history(own.id), now()));
    adopted++;
    if (ops.length >= ADOPT_CHUNK) {
      if (!(await submit(ops))) return false;
      ops = [];
    }
  }
  if (ops.length > 0 && !(await submit(ops))) return false;
  return adopted;
}
