/** Contract slice: history retention (issue 14 item 5): the rule, what it would free, and running it. */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { isoTimeSchema } from '../domain.js';

export const retentionRuleSchema = z.object({
  /** Every position is kept this many days; older ones are thinned. null keeps everything. */
  keep_all_days: z.number().int().min(0).max(36_500).nullable(),
  /** Older positions are thinned to the first per object in each bucket of this many seconds. */
  downsample_s: z.number().int().min(1).max(86_400),
});
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const retentionRunSchema = z.object({
  started_at: isoTimeSchema,
  finished_at: isoTimeSchema,
  /** Positions observed before this time were thinned. */
  cutoff: isoTimeSchema,
  removed: z.number().int(),
  /** False when it was stopped (app closing) or failed before the end. */
  complete: z.boolean(),
  error: z.string().nullable(),
});
export type RetentionRun = z.infer<typeof retentionRunSchema>;

export const retentionStatusSchema = z.object({
  rule: retentionRuleSchema,
  database_bytes: z.number().int(),
  /** Positions stored, and the bytes the positions table takes. */
  positions: z.number().int(),
  position_bytes: z.number().int(),
  /** Positions the rule would remove now, and about how many bytes that frees for reuse. */
  removable: z.number().int(),
  bytes_freed: z.number().int(),
  running: z.boolean(),
  last_run: retentionRunSchema.nullable(),
});
export type RetentionStatus = z.infer<typeof retentionStatusSchema>;

export const retentionMethods = defineMethods({
  'history.retention': {
    summary: 'The retention rule, the database size, positions stored, what the rule would free, the last run.',
    params: z.object({}).default({}),
    result: retentionStatusSchema,
  },
  'history.setRetention': {
    summary: 'Changes the retention rule (saved in settings.json); the next run applies it.',
    params: retentionRuleSchema,
    result: retentionRuleSchema,
  },
  'history.prune': {
    summary: 'Applies the retention rule now (or joins the run in progress); null when the rule keeps everything.',
    params: z.object({}).default({}),
    result: retentionRunSchema.nullable(),
  },
});
