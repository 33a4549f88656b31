/** Contract slice: live subscriptions (the renderer's view of committed changes). */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { objectFilterSchema } from '../domain.js';

export const liveMethods = defineMethods({
  'live.subscribe': {
    summary:
      'Start a live subscription with a filter; its snapshot then its deltas arrive as objects.changed events (the first with reset: true).',
    params: z.object({
      filter: objectFilterSchema.default({}),
      /** Most objects sent in the snapshot (the newest first). */
      snapshot_limit: z.number().int().min(0).max(1_000_000).default(100_000),
    }),
    result: z.object({ subscription_id: z.string(), snapshot_count: z.number().int(), total: z.number().int() }),
  },
  'live.update': {
    summary: 'Replace the filter of a subscription (e.g. the map moved); a fresh reset snapshot follows.',
    params: z.object({
      subscription_id: z.string().min(1),
      filter: objectFilterSchema,
      snapshot_limit: z.number().int().min(0).max(1_000_000).default(100_000),
    }),
    result: z.object({ subscription_id: z.string(), snapshot_count: z.number().int(), total: z.number().int() }),
  },
  'live.unsubscribe': {
    summary: 'End a live subscription.',
    params: z.object({ subscription_id: z.string().min(1) }),
    result: z.object({ ok: z.literal(true) }),
  },
});
