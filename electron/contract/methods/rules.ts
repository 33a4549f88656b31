/**
 * Contract slice: rules and alerts (issue 15). Geofences are named (Multi)Polygons; a rule is a
 * filter in the text syntax plus a trigger; each firing is a stored alert, pushed as `alerts.raised`.
 */
import { z } from 'zod';
import { defineMethods } from '../define.js';
import { isoTimeSchema, multiPolygonSchema, pageSchema, polygonSchema } from '../domain.js';
import { geometryInputSchema } from './objects.js';

export const geofenceGeometrySchema = z.union([polygonSchema, multiPolygonSchema]);
export type GeofenceGeometry = z.infer<typeof geofenceGeometrySchema>;

export const geofenceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** RFC 7946 lon/lat; a ring may cross the antimeridian (longitudes past ±180 or a jump of more than 180°). */
  geometry: geofenceGeometrySchema,
  /** [minLon, minLat, maxLon, maxLat]; minLon > maxLon when the area crosses the antimeridian. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  /** The stored object the area was taken from, if any. */
  object_id: z.string().nullable(),
  created_at: isoTimeSchema,
  updated_at: isoTimeSchema,
});
export type Geofence = z.infer<typeof geofenceSchema>;

export const GEOFENCE_NAME_MAX = 200;
const geofenceName = z.string().trim().min(1).max(GEOFENCE_NAME_MAX);

export const TRIGGER_TYPES = [
  'enter',
  'exit',
  'dwell',
  'proximity',
  'lost_contact',
  'speed_above',
  'speed_below',
  'altitude_above',
  'altitude_below',
  'count_above',
] as const;
export const triggerTypeSchema = z.enum(TRIGGER_TYPES);
export type TriggerType = z.infer<typeof triggerTypeSchema>;

/** Which trigger fields each trigger type needs (the rest must be absent or null). */
export const TRIGGER_FIELDS: Record<TriggerType, readonly (keyof RuleTrigger)[]> = {
  enter: ['geofence_id'],
  exit: ['geofence_id'],
  dwell: ['geofence_id', 'seconds'],
  proximity: ['distance_m'],
  lost_contact: ['seconds'],
  speed_above: ['value'],
  speed_below: ['value'],
  altitude_above: ['value'],
  altitude_below: ['value'],
  count_above: ['geofence_id', 'count'],
};
/** Optional fields per type, beyond the required ones. */
export const TRIGGER_OPTIONAL_FIELDS: Partial<Record<TriggerType, readonly (keyof RuleTrigger)[]>> = {
  proximity: ['other_filter', 'cpa_seconds'],
};

/**
 * A trigger, flat as the REST body has it. Units are the tag units (ARCHITECTURE §4): `value` is m/s
 * for speed, metres for altitude. `other_filter` (proximity) is a filter in the text syntax; absent:
 * the rule's objects against each other.
 */
const triggerShape = z.object({
  type: triggerTypeSchema,
  geofence_id: z.string().min(1).max(64).optional(),
  other_filter: z.string().max(4000).optional(),
  distance_m: z.number().finite().min(0).max(20_000_000).optional(),
  cpa_seconds: z.number().finite().min(0).max(86_400).optional(),
  seconds: z.number().finite().min(0).max(31_536_000).optional(),
  value: z.number().finite().optional(),
  count: z.number().int().min(0).max(10_000_000).optional(),
});
export type RuleTrigger = z.infer<typeof triggerShape>;

/** Checks that a trigger carries exactly the fields its type needs, with one sentence naming the field. */
export const ruleTriggerSchema = triggerShape.superRefine((t, ctx) => {
  const needed = TRIGGER_FIELDS[t.type];
  const allowed = new Set<string>(['type', ...needed, ...(TRIGGER_OPTIONAL_FIELDS[t.type] ?? [])]);
  for (const field of needed) {
    if (t[field] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `trigger.${field} is required for a ${t.type} rule.`,
      });
    }
  }
  for (const [field, value] of Object.entries(t)) {
    if (value !== undefined && !allowed.has(field)) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `trigger.${field} does not apply to a ${t.type} rule.`,
      });
    }
  }
});

export const RULE_NAME_MAX = 200;
const ruleName = z.string().trim().min(1).max(RULE_NAME_MAX);

export const ruleSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Which objects: a filter in the text syntax (`kind=ship speed>5`); empty = every object. */
  filter: z.string(),
  trigger: triggerShape,
  /** The rule does not fire again for the same object (or pair) within this many seconds; 0 = whenever the condition starts again. */
  rearm_seconds: z.number(),
  enabled: z.boolean(),
  created_at: isoTimeSchema,
  updated_at: isoTimeSchema,
});
export type Rule = z.infer<typeof ruleSchema>;

export const ruleInputSchema = z.object({
  name: ruleName,
  filter: z.string().max(4000).default(''),
  trigger: ruleTriggerSchema,
  rearm_seconds: z.number().finite().min(0).max(31_536_000).default(0),
  enabled: z.boolean().default(true),
});
export type RuleInput = z.output<typeof ruleInputSchema>;

export const alertSchema = z.object({
  id: z.string(),
  rule_id: z.string(),
  /** The rule's name when it fired (the alert outlives a renamed or deleted rule). */
  rule_name: z.string(),
  trigger: triggerTypeSchema,
  /** The object that fired it; two for proximity (the pair). */
  object_ids: z.array(z.string()),
  /** The geofence of enter/exit/dwell/count_above rules. */
  geofence_id: z.string().nullable(),
  /** When it happened: the observation's time (dwell and lost contact: the moment the time ran out). */
  observed_at: isoTimeSchema,
  /** When the app raised it. */
  raised_at: isoTimeSchema,
  /** [lon, lat] of the (first) object then. */
  position: z.tuple([z.number(), z.number()]).nullable(),
  /** One sentence, e.g. "Ever Given entered Harbour zone at 12:04:05." */
  message: z.string(),
  /** Figures behind it: distance_m, cpa_seconds, value, count, seconds… */
  details: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
  acknowledged: z.boolean(),
  acknowledged_at: isoTimeSchema.nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertQuerySchema = z.object({
  /** Alerts raised at or after this time. */
  since: isoTimeSchema.optional(),
  rule_id: z.string().min(1).max(64).optional(),
  acknowledged: z.boolean().optional(),
  limit: z.number().int().min(0).max(10_000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const alertPageSchema = pageSchema(alertSchema).extend({
  /** Unacknowledged alerts in the whole store (not only this page or filter), for the status bar. */
  unacknowledged: z.number().int(),
});

const listParams = z
  .object({
    limit: z.number().int().min(0).max(10_000).default(1000),
    offset: z.number().int().min(0).default(0),
  })
  .default({ limit: 1000, offset: 0 });

export const rulesMethods = defineMethods({
  'geofences.list': {
    summary: 'List the geofences, by name.',
    params: listParams,
    result: pageSchema(geofenceSchema),
  },
  'geofences.get': {
    summary: 'Get one geofence.',
    params: z.object({ id: z.string().min(1) }),
    result: geofenceSchema,
  },
  'geofences.create': {
    summary:
      'Create a geofence from a Polygon/MultiPolygon (GeoJSON object or string, or WKT), or from the area of a stored object (`object_id`).',
    params: z
      .object({
        name: geofenceName,
        geometry: geometryInputSchema.optional(),
        object_id: z.string().min(1).optional(),
      })
      .refine((p) => (p.geometry === undefined) !== (p.object_id === undefined), {
        message: "Give exactly one of 'geometry' or 'object_id'.",
        path: ['geometry'],
      }),
    result: geofenceSchema,
  },
  'geofences.update': {
    summary: 'Rename a geofence or replace its area; rules using it are re-evaluated.',
    params: z.object({
      id: z.string().min(1),
      name: geofenceName.optional(),
      geometry: geometryInputSchema.optional(),
    }),
    result: geofenceSchema,
  },
  'geofences.delete': {
    summary: 'Delete a geofence (CONFLICT while a rule uses it).',
    params: z.object({ id: z.string().min(1) }),
    result: z.object({ id: z.string(), deleted: z.literal(true) }),
  },
  'geofences.import': {
    summary:
      'Create geofences from a GeoJSON or KML file given by name and content: one per Polygon/MultiPolygon feature, named from its name property.',
    params: z.object({ name: z.string().min(1).max(255), content: z.string().max(50 * 1024 * 1024) }),
    result: z.object({
      created: z.array(geofenceSchema),
      skipped: z.array(z.object({ index: z.number().int(), reason: z.string() })),
    }),
  },
  'rules.list': {
    summary: 'List the rules, by name.',
    params: listParams,
    result: pageSchema(ruleSchema),
  },
  'rules.get': {
    summary: 'Get one rule.',
    params: z.object({ id: z.string().min(1) }),
    result: ruleSchema,
  },
  'rules.create': {
    summary: 'Create a rule: a filter in the text syntax plus a trigger; it starts from the objects as they are now.',
    params: ruleInputSchema,
    result: ruleSchema,
  },
  'rules.update': {
    summary: 'Change a rule (any field of rules.create); a changed filter or trigger starts it afresh.',
    params: z.object({
      id: z.string().min(1),
      name: ruleName.optional(),
      filter: z.string().max(4000).optional(),
      trigger: ruleTriggerSchema.optional(),
      rearm_seconds: z.number().finite().min(0).max(31_536_000).optional(),
      enabled: z.boolean().optional(),
    }),
    result: ruleSchema,
  },
  'rules.delete': {
    summary: 'Delete a rule (its alerts are kept).',
    params: z.object({ id: z.string().min(1) }),
    result: z.object({ id: z.string(), deleted: z.literal(true) }),
  },
  'alerts.list': {
    summary: 'List alerts, newest first, with the count of unacknowledged ones.',
    params: alertQuerySchema.default({ limit: 100, offset: 0 }),
    result: alertPageSchema,
  },
  'alerts.ack': {
    summary: 'Acknowledge alerts: the ones named, or every unacknowledged one (of one rule, when given).',
    params: z
      .object({
        ids: z.array(z.string().min(1)).max(10_000).optional(),
        all: z.boolean().optional(),
        rule_id: z.string().optional(),
      })
      .refine((p) => (p.ids !== undefined) !== (p.all === true), {
        message: "Give exactly one of 'ids' or 'all: true'.",
        path: ['ids'],
      }),
    result: z.object({ acknowledged: z.number().int(), unacknowledged: z.number().int() }),
  },
});
