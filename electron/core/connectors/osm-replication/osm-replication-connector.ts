/**
 * The `osm_replication` connector: every `interval_ms` it reads `state.txt` and applies each diff
 * after the last one applied, in sequence (catching up after time offline, with the sequence in the
 * status as it goes): the osmChange is streamed (gunzip + sax), planned for the area
 * (diff-plan.ts) and handed to ingest; once its changes committed, the diff's node locations and
 * its sequence are written to the store in one transaction, so a restart resumes after the last
 * committed diff and a diff interrupted half-way is applied again (idempotent: same source, element
 * and time is one history row). Reads from a server (User-Agent, one request at a time, backoff,
 * 429 Retry-After) or from a local directory (no network at all).
 */
import type { Bbox } from '../../../contract/domain.js';
import type { OsmReplicationConnectionInfo } from '../../../contract/sources/osm-replication.js';
import { pollBackoff } from '../backoff.js';
import type { ConnectorContext, ConnectorFactory, StopConnector } from '../connector-context.js';
import { osmUserAgent } from '../osm-live/osm-user-agent.js';
import { runPollLoop } from '../poll-loop.js';
import { pollAgent } from '../rest/http-get.js';
import { adoptTwins } from './adopt-twins.js';
import { planDiff } from './diff-plan.js';
import { readOsmChange } from './osmchange-reader.js';
import {
  directoryReplicationFiles,
  httpReplicationFiles,
  ReplicationReadFailed,
  type ReplicationFiles,
  type ReplicationStateFile,
} from './replication-files.js';

/** Ops handed to ingest at a time, so a large diff never fills its queue. */
const SUBMIT_CHUNK = 2000;

export const osmReplicationConnector: ConnectorFactory<OsmReplicationConnectionInfo> = {
  type: 'osm_replication',
  isRunnable: () => true,
  start: startOsmReplicationConnector,
};

/** A failure that is not the server's or the disk's: a missing geofence, a diff that cannot be read. */
class ApplyFailed extends Error {}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z');

/** What the status says: `sequence 4721, data as of 2026-03-10T22:21:21Z` (`… of 4730 applied` while catching up). */
export function replicationSummary(sequence: number, newest: number, dataTimestamp: number | null | undefined): string {
  const at = iso(dataTimestamp);
  const which = sequence < newest ? `sequence ${sequence} of ${newest} applied` : `sequence ${sequence}`;
  return at ? `${which}, data as of ${at}` : which;
}

/**
 * The last sequence to count as applied when the source starts after `after` (epoch ms): the one
 * before the first diff whose state timestamp is later, found by binary search over the per-diff
 * state files (a missing one counts as earlier).
 */
export async function sequenceBefore(
  files: ReplicationFiles,
  head: ReplicationStateFile,
  after: number,
): Promise<number> {
  if ((head.timestamp ?? -Infinity) <= after) return head.sequence;
  let lo = 0;
  let hi = head.sequence;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const state = await files.readState(mid);
    if ((state?.timestamp ?? -Infinity) > after) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** Starts the loop; the returned stop aborts the read in flight and the wait, and closes sockets. */
export function startOsmReplicationConnector(ctx: ConnectorContext<OsmReplicationConnectionInfo>): StopConnector {
  const { info } = ctx;
  const osm = ctx.osm;
  if (!osm) throw new Error('this app has no store for replication state');
  const controller = new AbortController();
  const { signal } = controller;
  const agent = info.url !== undefined ? pollAgent(info.url) : undefined;
  const files =
    info.url !== undefined && agent
      ? httpReplicationFiles(info.url, {
          headers: { 'user-agent': osmUserAgent('osm_replication', info.contact) },
          agent,
          signal,
          timeoutMs: info.timeout_s * 1000,
          now: ctx.now,
        })
      : directoryReplicationFiles(info.directory!);
  let area: Bbox | undefined;
  /** The OSM extracts as last looked at for twins (adopt-twins.ts). */
  let extractsSeen: string | undefined;

  const { backOff, reset: resetBackoff } = pollBackoff(ctx, info.backoff, 'osm_replication read');

  const resolveArea = async (): Promise<Bbox> => {
    if (Array.isArray(info.area)) return info.area;
    const bbox = await osm.geofenceBbox(info.area);
    if (!bbox)
      throw new ApplyFailed(`Field 'connection_info.area' names geofence '${info.area}', which does not exist`);
    return bbox;
  };

  /** The last applied sequence: the store's, else where the settings say to start. */
  const lastApplied = async (head: ReplicationStateFile): Promise<number> => {
    const stored = await osm.replication.replicationState(ctx.sourceId);
    if (stored) return stored.sequence;
    if (info.start_sequence !== undefined) return Math.min(info.start_sequence - 1, head.sequence);
    if (info.start_timestamp !== undefined) return sequenceBefore(files, head, Date.parse(info.start_timestamp));
    // Without a start, the source starts now: remember it, so a restart catches up from here.
    await osm.replication.commitDiff({
      sourceId: ctx.sourceId,
      sequence: head.sequence,
      dataTimestamp: head.timestamp ?? null,
      nodes: [],
      removedNodes: [],
    });
    return head.sequence;
  };

  const applyOne = async (sequence: number, head: ReplicationStateFile, bbox: Bbox): Promise<void> => {
    const own = sequence === head.sequence ? head : await files.readState(sequence);
    const started = ctx.now();
    let changes;
    try {
      changes = await readOsmChange(await files.openDiff(sequence));
    } catch (err) {
      if (err instanceof ReplicationReadFailed || signal.aborted) throw err;
      throw new ApplyFailed(
        `Sequence ${sequence} in ${files.where} is not a readable osmChange: ${(err as Error).message}`,
      );
    }
    const read = ctx.now();
    const plan = await planDiff(changes, {
      sourceId: ctx.sourceId,
      area: bbox,
      nodeLocations: (ids) => osm.replication.nodeLocations(ids),
      waysOfNodes: (ids) => osm.replication.waysOfNodes(ids),
      wayNodeLists: (ids) => osm.replication.wayNodeLists(ids),
      relationsOfMembers: (type, refs) => osm.replication.relationsOfMembers(type, refs),
      elementObjects: (type, osmIds) => osm.elementObjects(type, osmIds),
      now: ctx.now(),
    });
    const planned = ctx.now();
    if (plan.skipped.length > 0) ctx.reportRejected(plan.skipped.length, `Sequence ${sequence}: ${plan.skipped[0]}.`);
    for (let i = 0; i < plan.ops.length; i += SUBMIT_CHUNK) {
      if (ctx.isSaturated()) await ctx.whenDrained();
      if (signal.aborted || !(await ctx.submit(plan.ops.slice(i, i + SUBMIT_CHUNK))))
        throw new ApplyFailed(`The changes of sequence ${sequence} were not stored`);
    }
    // Only after the changes committed: the sequence (and the nodes) in one transaction.
    await osm.replication.commitDiff({
      sourceId: ctx.sourceId,
      sequence,
      dataTimestamp: own?.timestamp ?? null,
      nodes: plan.nodes,
      removedNodes: plan.removedNodes,
      ways: plan.ways,
      removedWays: plan.removedWays,
      relations: plan.relations,
      removedRelations: plan.removedRelations,
    });
    ctx.noteMessage();
    ctx.setState({
      state: 'polling',
      error: null,
      nextRetryAt: null,
      answered: true,
      answerSummary: replicationSummary(sequence, head.sequence, own?.timestamp),
    });
    ctx.log.info('osm_replication diff applied', {
      sourceId: ctx.sourceId,
      sequence,
      ...plan.counts,
      readMs: read - started,
      planMs: planned - read,
      storeMs: ctx.now() - planned,
    });
  };

  /** Hands the source's objects over to an extract imported after it stored them, when the extracts changed. */
  const adoptWhenExtractsChanged = async (): Promise<void> => {
    if (!osm.twins) return;
    const key = await osm.twins.extractsKey();
    if (key === extractsSeen) return;
    const adopted = await adoptTwins(osm.twins, (ops) => ctx.submit(ops), ctx.now);
    if (adopted === false) throw new ApplyFailed('Handing objects over to an imported extract was not stored');
    if (adopted > 0)
      ctx.log.info('osm_replication objects handed over to an extract', { sourceId: ctx.sourceId, adopted });
    extractsSeen = key;
  };

  const pollOnce = async (): Promise<number> => {
    try {
      area ??= await resolveArea();
      await adoptWhenExtractsChanged();
      const head = await files.readState();
      if (!head) throw new ReplicationReadFailed(`${files.where} has no readable state.txt`, 404);
      const last = await lastApplied(head);
      for (let sequence = last + 1; sequence <= head.sequence; sequence++) {
        if (signal.aborted) return 0;
        await applyOne(sequence, head, area);
      }
      resetBackoff();
      const stored = await osm.replication.replicationState(ctx.sourceId);
      ctx.setState({
        state: 'polling',
        error: null,
        nextRetryAt: null,
        answered: true,
        answerSummary: stored ? replicationSummary(stored.sequence, stored.sequence, stored.dataTimestamp) : null,
      });
      return info.interval_ms;
    } catch (err) {
      if (signal.aborted) return 0;
      if (err instanceof ReplicationReadFailed) return backOff(`${err.message}.`, err.waitMs);
      if (err instanceof ApplyFailed) return backOff(`${err.message}.`);
      return backOff(
        `Reading replication diffs from ${files.where} failed: ${err instanceof Error ? err.message : String(err)}.`,
      );
    }
  };

  const running = runPollLoop(ctx, signal, pollOnce, info.interval_ms);
  return async () => {
    controller.abort();
    await running;
    agent?.destroy();
  };
}
