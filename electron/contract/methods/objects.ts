/** Contract slice: stored OSM objects. */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import {
  bboxSchema,
  historyEntrySchema,
  isoTimeSchema,
  tagChangeSchema,
  trackSchema,
  trailSchema,
  objectFilterSchema,
  objectSortSchema,
  osmObjectSchema,
  pageSchema,
  tagValueSchema,
  TAG_LIMITS,
} from '../domain.js';

/** Geometry input: a GeoJSON geometry object, a GeoJSON string or WKT; normalized by core/geometry. */
export const geometryInputSchema = z.union([z.record(z.string(), z.unknown()), z.string().max(10_000_000)]);

export const objectsMethods = defineMethods({
  'objects.list': {
    summary: 'List objects matching a filter, sorted and paged, with the total count.',
    params: z.object({
      filter: objectFilterSchema.default({}),
      sort: objectSortSchema.optional(),
      limit: z.number().int().min(0).max(10_000).default(100),
      offset: z.number().int().min(0).default(0),
      /** Objects as they were at this moment: latest observation at or before it, tags as they were then. */
      at: isoTimeSchema.optional(),
    }),
    result: pageSchema(osmObjectSchema),
  },
  'objects.extent': {
    summary:
      'How many objects match a filter, and the box zoom-to-fit frames them by (a sea or boundary polygon around an extract does not widen it); null when none match.',
    params: z.object({ filter: objectFilterSchema.default({}) }),
    result: z.object({ count: z.number().int(), bbox: bboxSchema.nullable() }),
  },
  'objects.get': {
    summary: 'Get one object by id, now or as it was at a moment (NOT_FOUND when it was not seen yet).',
    params: z.object({ id: z.string().min(1), at: isoTimeSchema.optional() }),
    result: osmObjectSchema,
  },
  'objects.update': {
    summary:
      'Change the tags (merge or replace; null removes a key on merge) and/or geometry of one object by hand; edited keys keep their value over feed updates until cleared.',
    params: z.object({
      id: z.string().min(1),
      tags: z.record(z.string(), tagValueSchema.nullable()).optional(),
      tags_mode: z.enum(['merge', 'replace']).default('merge'),
      geom: geometryInputSchema.optional(),
      /** Hand-edited keys given back to the feed: each takes the feed's latest value (or goes). */
      clear_overrides: z.array(z.string().min(1)).max(1000).optional(),
    }),
    result: osmObjectSchema,
  },
  'objects.delete': {
    summary: 'Delete one object and its history.',
    params: z.object({ id: z.string().min(1) }),
    result: z.object({ id: z.string(), deleted: z.literal(true) }),
  },
  'objects.history': {
    summary: 'List the accepted changes of one object, newest first.',
    params: z.object({
      id: z.string().min(1),
      limit: z.number().int().min(1).max(10_000).default(100),
      before: z.string().datetime({ offset: true }).optional(),
      after: z.string().datetime({ offset: true }).optional(),
    }),
    result: z.object({ items: z.array(historyEntrySchema) }),
  },
  'objects.track': {
    summary: 'The positions of one object between two times, oldest first.',
    params: z.object({
      id: z.string().min(1),
      from: isoTimeSchema.optional(),
      to: isoTimeSchema.optional(),
      limit: z.number().int().min(1).max(1_000_000).default(100_000),
    }),
    result: trackSchema,
  },
  'objects.trails': {
    summary:
      'The recent path of every object matching a filter at a moment: its positions in [at - window, at], thinned evenly to max_points.',
    params: z.object({
      filter: objectFilterSchema.default({}),
      /** The end of the trails (default: now). */
      at: isoTimeSchema.optional(),
      window_s: z
        .number()
        .int()
        .min(1)
        .max(86_400 * 7)
        .default(600),
      limit: z.number().int().min(1).max(10_000).default(5_000),
      max_points: z.number().int().min(2).max(10_000).default(500),
    }),
    result: z.object({ items: z.array(trailSchema) }),
  },
  'objects.timeRange': {
    summary: "The first and last observation time of everything stored (the replay slider's range).",
    params: z.object({}).default({}),
    result: z.object({ from: isoTimeSchema.nullable(), to: isoTimeSchema.nullable() }),
  },
  'objects.tagChanges': {
    summary: "The changes of one object's tags, newest first.",
    params: z.object({ id: z.string().min(1), limit: z.number().int().min(1).max(10_000).default(100) }),
    result: z.object({ items: z.array(tagChangeSchema) }),
  },
  'objects.tagSuggestions': {
    summary:
      "Tag keys, or a key's values, starting with a prefix, seen on the most recently observed objects (a sample of 5,000), most frequent first.",
    params: z.object({
      /** Without it: keys; with it: this key's values (their string form). */
      key: z.string().min(1).max(TAG_LIMITS.maxKeyLength).optional(),
      /** ASCII case-insensitive. */
      prefix: z.string().max(1000).default(''),
      limit: z.number().int().min(1).max(500).default(20),
    }),
    result: z.union([
      z.object({ keys: z.array(z.object({ key: z.string(), count: z.number().int() })) }),
      z.object({ values: z.array(z.object({ value: z.string(), count: z.number().int() })) }),
    ]),
  },
});
