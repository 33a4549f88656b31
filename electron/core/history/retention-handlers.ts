/**
 * Handlers of the `history.*` retention methods: the rule with what it would free (the settings
 * panel's History section), changing the rule, and running it now.
 */
import type { MethodParams, MethodResult } from '../../contract/methods.js';
import type { RetentionRun, retentionMethods } from '../../contract/methods/retention.js';
import type { CallContext } from '../dispatch/dispatcher.js';
import type { RetentionJob, RetentionRunRecord } from './retention-job.js';

type RetentionMethod = keyof typeof retentionMethods;
export type RetentionHandlers = {
  [M in RetentionMethod]: (params: MethodParams<M>, ctx: CallContext) => Promise<MethodResult<M>>;
};

export interface RetentionHandlersDeps {
  job: RetentionJob;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function toRun(r: RetentionRunRecord | null): RetentionRun | null {
  if (!r) return null;
  return {
    started_at: iso(r.startedAt),
    finished_at: iso(r.finishedAt),
    cutoff: iso(r.cutoff),
    removed: r.removed,
    complete: r.complete,
    error: r.error,
  };
}

const toWireRule = (rule: ReturnType<RetentionJob['rule']>) => ({
  keep_all_days: rule.keepAllDays,
  downsample_s: rule.downsampleS,
});

/** Builds the retention handlers over the running job. */
export function createRetentionHandlers(deps: RetentionHandlersDeps): RetentionHandlers {
  const { job } = deps;
  return {
    async 'history.retention'() {
      // The preview counts the positions and sizes the file: no store.stats() (a second full count).
      const preview = await job.preview();
      return {
        rule: toWireRule(job.rule()),
        database_bytes: preview.databaseBytes,
        positions: preview.positions,
        position_bytes: preview.positionBytes,
        removable: preview.removable,
        bytes_freed: preview.bytesFreed,
        running: job.isRunning(),
        last_run: toRun(job.lastRun()),
      };
    },
    async 'history.setRetention'(params) {
      job.setRule({ keepAllDays: params.keep_all_days, downsampleS: params.downsample_s });
      return toWireRule(job.rule());
    },
    async 'history.prune'() {
      return toRun(await job.runNow());
    },
  };
}
