/**
 * A desktop's resync from the team's objects (issue 19): on first joining (it never applied anything
 * of the team), and when the team's change log was pruned past its last applied sequence (it was
 * offline longer than the log is kept, so following the log would silently miss changes). The team's
 * snapshot (objects and tombstones, with the log sequence they stand for) is applied page by page
 * without outbox entries, then the last applied sequence moves to the snapshot's: from there the
 * desktop follows the log again. Its own changes stay: they are in its outbox, and the newest
 * observation wins on both sides. A resync cut short (offline, a crash) starts again; it is idempotent.
 */
import type { Logger } from '../../contract/logger.js';
import type { IngestOpResult, Store, TeamReplica } from '../../../db/store.js';
import { ensureSources, snapshotOps } from './team-ops.js';

export type ResyncReason = 'join' | 'pruned';

/** Why this desktop must resync before following the log, or undefined when it need not. */
export async function resyncReason(replica: TeamReplica, team: Store): Promise<ResyncReason | undefined> {
  if (!(await replica.hasApplied())) return 'join';
  const horizon = await team.team!.changes.horizon();
  return (await replica.lastSeq()) < horizon ? 'pruned' : undefined;
}

export interface ResyncOptions {
  replica: TeamReplica;
  local: Store;
  team: Store;
  reason: ResyncReason;
  log: Logger;
  /** Sources known on the desktop (shared with the pull loop). */
  localSources: Set<string>;
  /** Told after each applied page with the objects applied so far. */
  onProgress: (objects: number) => void;
  /** The results that changed something here, for the live bus. */
  announce: (results: IngestOpResult[]) => void;
}

/** Applies the team's snapshot here; answers the sequence the desktop now stands at. */
export async function resyncFromTeam(o: ResyncOptions): Promise<number> {
  const { replica, local, team, log } = o;
  const last = await replica.lastSeq();
  if (o.reason === 'pruned')
    log.warn(
      "the team change log was pruned past this desktop's last applied change; resyncing from the team's objects",
      {
        lastSeq: last,
        horizon: await team.team!.changes.horizon(),
      },
    );
  else log.info("joining the team: applying the team's objects");
  let objects = 0;
  const seq = await team.team!.changes.snapshot(async (page) => {
    const keys = [...page.objects, ...page.tombstones];
    await ensureSources([...new Set(keys.map((k) => k.sourceId))], team, local, o.localSources);
    const results = await replica.applyInbound(snapshotOps(page), undefined);
    o.announce(results);
    objects += page.objects.length;
    o.onProgress(objects);
  });
  await replica.applyInbound([], seq);
  log.info('team resync done', { reason: o.reason, objects, seq });
  return seq;
}
